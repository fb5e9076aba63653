import { createStep, createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { addOptOutWorkflow, removeOptOutWorkflow } from "../opt-outs"
import { addOptOutStep } from "../opt-outs/steps/add-opt-out"
import { removeOptOutStep } from "../opt-outs/steps/remove-opt-out"
import { createStaffProfileWorkflow, updateStaffProfileWorkflow } from "../staff"
import { createStaffProfileStep } from "../staff/steps/create-staff-profile"
import { deleteTemplateStep } from "../templates/steps/delete-template"
import { updateTemplateStep } from "../templates/steps/update-template"
import { containerWith, fakeMessaging } from "./fake-messaging"

const boom = createStep("test-boom", async () => {
  throw new Error("a later step failed")
})

/** The step, then a step that fails: the workflow's compensation runs. */
const failingAfter = <T>(name: string, step: (input: any) => any) =>
  createWorkflow(name, (input: T) => {
    const out = step(input)
    boom()
    return new WorkflowResponse(out)
  })

const updateThenFail = failingAfter("test-update-template-then-fail", updateTemplateStep)
const deleteThenFail = failingAfter("test-delete-template-then-fail", deleteTemplateStep)
const createThenFail = failingAfter("test-create-staff-then-fail", createStaffProfileStep)
const optOutThenFail = failingAfter("test-add-opt-out-then-fail", addOptOutStep)
const removeOptOutThenFail = failingAfter("test-remove-opt-out-then-fail", removeOptOutStep)

describe("row steps undo what they did when a later step fails", () => {
  it("update: the changed fields get their old values back", async () => {
    const messaging = fakeMessaging()
    const t = await messaging.createMessagingTemplates({ code: "BW_X", body: "old", subject: "s", is_default: true })
    await expect(
      updateThenFail(containerWith(messaging)).run({ input: { id: t.id, body: "new", is_default: false } })
    ).rejects.toMatchObject({ message: "a later step failed" })
    expect(messaging.tables.template.get(t.id)).toMatchObject({ body: "old", subject: "s", is_default: true })
  })

  it("delete: the row is written again as it was, with its id", async () => {
    const messaging = fakeMessaging()
    const t = await messaging.createMessagingTemplates({ code: "BW_X", body: "text" })
    await expect(deleteThenFail(containerWith(messaging)).run({ input: t.id })).rejects.toMatchObject({
      message: "a later step failed",
    })
    expect(messaging.calls.some((c: unknown[]) => c[0] === "deleteMessagingTemplates")).toBe(true)
    expect(messaging.tables.template.get(t.id)).toMatchObject({ id: t.id, code: "BW_X", body: "text" })
  })

  it("create: the row is deleted", async () => {
    const messaging = fakeMessaging()
    await expect(
      createThenFail(containerWith(messaging)).run({ input: { name: "Ops", email: "ops@example.com" } })
    ).rejects.toMatchObject({ message: "a later step failed" })
    expect(messaging.tables.staff.size).toBe(0)
  })

  it("opt-out added by the step is removed; one that existed before stays", async () => {
    const messaging = fakeMessaging()
    messaging.addOptOut = async (phone: string, channel: string) => {
      if (
        messaging.tables.opt_out &&
        [...messaging.tables.opt_out.values()].some((o) => o.phone === phone && o.channel === channel && !o.deleted_at)
      )
        return false
      await messaging.createMessagingOptOuts({ phone, channel, deleted_at: null })
      return true
    }
    await expect(
      optOutThenFail(containerWith(messaging)).run({ input: { phone: "+380671234567", channel: "sms" } })
    ).rejects.toMatchObject({ message: "a later step failed" })
    expect(await messaging.listMessagingOptOuts({ phone: "+380671234567" })).toEqual([])

    const kept = await messaging.createMessagingOptOuts({ phone: "+380501112233", channel: "all", deleted_at: null })
    messaging.listMessagingOptOuts = async (f: Record<string, unknown>) =>
      [...messaging.tables.opt_out.values()].filter((o) => !o.deleted_at && o.phone === f.phone)
    await expect(
      optOutThenFail(containerWith(messaging)).run({ input: { phone: "050 111 22 33", channel: "all" } })
    ).rejects.toMatchObject({ message: "a later step failed" })
    expect(messaging.tables.opt_out.get(kept.id)!.deleted_at).toBeNull()
  })

  it("removed opt-out is restored", async () => {
    const messaging = fakeMessaging()
    const o = await messaging.createMessagingOptOuts({ phone: "+380671234567", channel: "sms", deleted_at: null })
    await expect(removeOptOutThenFail(containerWith(messaging)).run({ input: o.id })).rejects.toMatchObject({
      message: "a later step failed",
    })
    expect(messaging.tables.opt_out.get(o.id)!.deleted_at).toBeNull()
  })
})

describe("workflows keep the rules the routes had", () => {
  it("a staff profile needs an e-mail or a Telegram chat id, also after an update", async () => {
    const messaging = fakeMessaging()
    const container = containerWith(messaging)
    await expect(createStaffProfileWorkflow(container).run({ input: { name: "Ops" } })).rejects.toMatchObject({
      type: "invalid_data",
      message: expect.stringContaining("Field 'email'"),
    })
    const { result } = await createStaffProfileWorkflow(container).run({
      input: { name: "Ops", email: "ops@example.com" },
    })
    await expect(
      updateStaffProfileWorkflow(container).run({ input: { id: result.id, data: { email: null } } })
    ).rejects.toMatchObject({ type: "invalid_data" })
    expect(messaging.tables.staff.get(result.id)!.email).toBe("ops@example.com")
  })

  it("an opt-out is stored for the phone in E.164 and removed by id; an unknown id is a 404", async () => {
    const messaging = fakeMessaging()
    messaging.addOptOut = async (phone: string, channel: string) =>
      !!(await messaging.createMessagingOptOuts({ phone, channel, deleted_at: null }))
    const container = containerWith(messaging)
    const { result } = await addOptOutWorkflow(container).run({ input: { phone: "067 123 45 67", channel: "sms" } })
    expect(result).toMatchObject({ phone: "+380671234567", channel: "sms" })
    await expect(addOptOutWorkflow(container).run({ input: { phone: "nope", channel: "sms" } })).rejects.toMatchObject({
      type: "invalid_data",
      message: expect.stringContaining("Field 'phone'"),
    })
    expect((await removeOptOutWorkflow(container).run({ input: result.id })).result).toEqual({ id: result.id })
    await expect(removeOptOutWorkflow(container).run({ input: "mopt_nope" })).rejects.toMatchObject({
      type: "not_found",
    })
  })
})
