/** Fake provider servers for tests and the demo. Each listens on 127.0.0.1. */
export { FAKE_MODES, type FakeMode, type FakeServer, type RecordedRequest } from "./http-fake"
export { startFakeBsg, type FakeBsg, type BsgFakeOptions } from "./bsg"
export { startFakeTurboSms, type FakeTurboSms, type TurboSmsFakeOptions } from "./turbosms"
export { startFakeTwilio, type FakeTwilio, type TwilioFakeOptions } from "./twilio"
export { startFakeTelegram, type FakeTelegram, type TelegramFakeOptions } from "./telegram"
export { startSmtpSink, type SmtpSink, type SmtpSinkOptions, type SinkMail } from "./smtp-sink"
