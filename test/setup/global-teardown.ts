export default async function globalTeardown() {
  const pg = (globalThis as any).__MESSAGING_PG__
  if (pg) await pg.stop()
}
