/**
 * `node --require` preload (NODE_OPTIONS may not carry --cpu-prof): profile the whole
 * process with the inspector and write the .cpuprofile into BENCH_CPU_PROFILE_DIR when
 * it exits. Used by the benchmark's shops when BENCH_PROFILE_DIR is set.
 */
const fs = require("node:fs")
const path = require("node:path")
const inspector = require("node:inspector")

const dir = process.env.BENCH_CPU_PROFILE_DIR
if (dir) {
  const session = new inspector.Session()
  session.connect()
  session.post("Profiler.enable")
  session.post("Profiler.setSamplingInterval", { interval: 500 })
  session.post("Profiler.start")
  let written = false
  const write = () => {
    if (written) return
    written = true
    // the main-thread session answers synchronously, so this works inside "exit"
    session.post("Profiler.stop", (err, res) => {
      if (err) return
      fs.mkdirSync(dir, { recursive: true })
      fs.writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(res.profile))
    })
  }
  process.on("exit", write)
}
