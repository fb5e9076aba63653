import { createStep, createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { pauseCampaignStep } from "../campaigns/steps/pause-campaign"
import { resumeCampaignStep } from "../campaigns/steps/resume-campaign"
import { enqueueManualMessagesStep } from "../messages/steps/enqueue-manual-messages"
import { resendMessagesStep } from "../messages/steps/resend-messages"
import { containerWith, fakeMessaging } from "./fake-messaging"

const boom = createStep("test-boom-messages", async () => {
  throw new Error("a later step failed")
})
const failingAfter = (name: string, step: (input: any) => any) =>
  createWorkflow(name, (input: unknown) => {
    const out = step(input)
    boom()
    return new WorkflowResponse(out)
  })

describe("message and campaign steps undo what they did when a later step fails", () => {
  it("enqueued manual messages that have not gone out are canceled", async () => {
    const messaging = fakeMessaging()
    const run = failingAfter(
      "test-enqueue-then-fail",
      enqueueManualMessagesStep
    )(containerWith(messaging)).run({
      input: [
        { channel: "telegram", recipients: ["123"], body: "hi" },
        { channel: "email", recipients: ["a@b.co"], body: "hi" },
      ],
    })
    await expect(run).rejects.toMatchObject({ message: "a later step failed" })
    expect([...messaging.tables.message.values()].map((m) => m.status)).toEqual(["canceled", "canceled"])
  })

  it("resent copies that have not gone out are canceled; the originals stay", async () => {
    const messaging = fakeMessaging()
    const original = { id: "msg_orig", status: "failed" }
    messaging.tables.message = new Map([[original.id, original]])
    messaging.resendMessages = async (ids: string[]) => {
      const created = ids.map((id) => ({ id: `copy_${id}`, parent_id: id, status: "queued" }))
      for (const c of created) messaging.tables.message.set(c.id, c)
      return { created, refused: [] }
    }
    const run = failingAfter(
      "test-resend-then-fail",
      resendMessagesStep
    )(containerWith(messaging)).run({ input: { ids: [original.id], created_by: null } })
    await expect(run).rejects.toMatchObject({ message: "a later step failed" })
    expect(messaging.tables.message.get("copy_msg_orig")!.status).toBe("canceled")
    expect(messaging.tables.message.get("msg_orig")!.status).toBe("failed")
  })

  it("a paused campaign that was running is resumed; a resumed one that was paused is paused again", async () => {
    const messaging = fakeMessaging()
    const running = await messaging.createMessagingCampaigns({ status: "running" })
    await expect(
      failingAfter("test-pause-then-fail", pauseCampaignStep)(containerWith(messaging)).run({ input: running.id })
    ).rejects.toMatchObject({ message: "a later step failed" })
    expect(
      messaging.calls
        .map((c: unknown[]) => c[0])
        .filter((n: unknown) => n === "pauseCampaign" || n === "resumeCampaign")
    ).toEqual(["pauseCampaign", "resumeCampaign"])
    expect(messaging.tables.campaign.get(running.id)!.status).toBe("running")

    const paused = await messaging.createMessagingCampaigns({ status: "paused" })
    await expect(
      failingAfter("test-resume-then-fail", resumeCampaignStep)(containerWith(messaging)).run({ input: paused.id })
    ).rejects.toMatchObject({ message: "a later step failed" })
    expect(messaging.tables.campaign.get(paused.id)!.status).toBe("paused")
  })

  it("an unknown campaign is a 404 and changes nothing", async () => {
    const messaging = fakeMessaging()
    const run = createWorkflow(
      "test-pause-unknown",
      (id: string) => new WorkflowResponse(pauseCampaignStep(id))
    )(containerWith(messaging)).run({ input: "mcmp_nope" })
    await expect(run).rejects.toMatchObject({ type: "not_found" })
    expect(messaging.calls.some((c: unknown[]) => c[0] === "pauseCampaign")).toBe(false)
  })
})
