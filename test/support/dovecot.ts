/**
 * A real IMAP server for the intake tests and the bench: Debian's dovecot-imapd started with a
 * throw-away configuration (own base_dir, a passwd-file user with uid/gid 65534, Maildir under
 * a temporary directory, no TLS, a free port on 127.0.0.1). `stop()` ends it and removes it all.
 */
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { freePort } from "./free-port"
import { sleep } from "./wait"

export interface Dovecot {
  host: string
  port: number
  user: string
  password: string
  dir: string
  /** Stop the server and remove its directory. */
  stop(): Promise<void>
  /** An outage: the server stops, the mail stays; `resume()` brings it back on the same port. */
  pause(): Promise<void>
  resume(): Promise<void>
}

export function dovecotAvailable(): boolean {
  try {
    execFileSync("dovecot", ["--version"], { stdio: "ignore" })
    return true
  } catch {
    return false
  }
}

function config(dir: string, port: number): string {
  return `base_dir = ${dir}/run
state_dir = ${dir}/state
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = ${dir}/dovecot.log
mail_location = maildir:~/Maildir
default_internal_user = nobody
default_login_user = nobody
default_internal_group = nogroup
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/passwd
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
protocol imap {
  mail_max_userip_connections = 200
}
`
}

async function waitListening(port: number, up: boolean, dir: string): Promise<void> {
  const net = await import("node:net")
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1")
      s.once("connect", () => (s.destroy(), resolve(true)))
      s.once("error", () => resolve(false))
    })
    if (open === up) return
    await sleep(100)
  }
  const log = fs.existsSync(`${dir}/dovecot.log`) ? fs.readFileSync(`${dir}/dovecot.log`, "utf8").slice(-2000) : ""
  throw new Error(`dovecot on port ${port} did not ${up ? "start" : "stop"}:\n${log}`)
}

export async function startDovecot(opts: { user?: string; password?: string } = {}): Promise<Dovecot> {
  const user = opts.user ?? "leads"
  const password = opts.password ?? "mailbox-password"
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "intake-dovecot-"))
  fs.chmodSync(dir, 0o755)
  const home = path.join(dir, "home", user)
  fs.mkdirSync(home, { recursive: true })
  fs.mkdirSync(path.join(dir, "run"))
  fs.mkdirSync(path.join(dir, "state"))
  execFileSync("chown", ["-R", "65534:65534", path.join(dir, "home")])
  fs.writeFileSync(path.join(dir, "passwd"), `${user}:{PLAIN}${password}:65534:65534::${home}\n`)
  const port = await freePort()
  const conf = path.join(dir, "dovecot.conf")
  fs.writeFileSync(conf, config(dir, port))
  const start = async () => {
    // dovecot daemonizes: its children must not hold our pipes open (the call would never return)
    execFileSync("dovecot", ["-c", conf], { stdio: "ignore" })
    await waitListening(port, true, dir)
  }
  const halt = async () => {
    const pidFile = path.join(dir, "run", "master.pid")
    if (!fs.existsSync(pidFile)) return
    try {
      process.kill(Number(fs.readFileSync(pidFile, "utf8").trim()), "SIGTERM")
    } catch {
      return
    }
    await waitListening(port, false, dir)
    for (let i = 0; i < 50 && fs.existsSync(pidFile); i++) await sleep(50)
  }
  await start()
  return {
    host: "127.0.0.1",
    port,
    user,
    password,
    dir,
    pause: halt,
    resume: start,
    stop: async () => {
      await halt()
      // its children leave their sockets a moment after the master
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 })
    },
  }
}
