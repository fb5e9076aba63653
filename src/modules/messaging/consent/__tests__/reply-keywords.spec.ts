import {
  DEFAULT_OPT_IN_KEYWORDS,
  DEFAULT_OPT_OUT_KEYWORDS,
  consentKeyword,
  normalizeKeywordList,
} from "../reply-keywords"

describe("consentKeyword: only a whole-message keyword changes consent", () => {
  it.each([
    ["STOP", "opt_out"],
    ["stop", "opt_out"],
    ["  Stop!  ", "opt_out"],
    ["«СТОП»", "opt_out"],
    ["стоп.", "opt_out"],
    ["Відписатися", "opt_out"],
    ["ОТПИСАТЬСЯ", "opt_out"],
    ["unsubscribe", "opt_out"],
    ["START", "opt_in"],
    ["Старт", "opt_in"],
    ["yes", "opt_in"],
  ])("%j → %s", (reply, expected) => {
    expect(consentKeyword(reply)).toBe(expected)
  })

  it.each([
    "Cancel my order 1042",
    "End of day delivery ok?",
    "Stop sending the wrong size",
    "Yes, I'll be home",
    "Стоп, це не мій номер",
    "STOP STOP",
    "",
    "   ",
    "!!!",
  ])("%j is an ordinary reply", (reply) => {
    expect(consentKeyword(reply)).toBeNull()
  })

  it("uses the site's own lists when given", () => {
    const lists = { optout_keywords: ["ХВАТИТ"], optin_keywords: ["AGAIN"] }
    expect(consentKeyword("Хватит!", lists)).toBe("opt_out")
    expect(consentKeyword("again", lists)).toBe("opt_in")
    // a default keyword the site removed changes nothing
    expect(consentKeyword("STOP", lists)).toBeNull()
    expect(consentKeyword("STOP", { optout_keywords: [], optin_keywords: [] })).toBeNull()
  })

  it("the defaults cover the carrier words and the Ukrainian and Russian equivalents", () => {
    for (const w of [
      "STOP",
      "STOPALL",
      "UNSUBSCRIBE",
      "END",
      "QUIT",
      "REVOKE",
      "OPTOUT",
      "CANCEL",
      "СТОП",
      "ВІДПИСАТИСЯ",
      "ОТПИСАТЬСЯ",
    ]) {
      expect(DEFAULT_OPT_OUT_KEYWORDS).toContain(w)
    }
    for (const w of ["START", "UNSTOP", "YES", "СТАРТ"]) expect(DEFAULT_OPT_IN_KEYWORDS).toContain(w)
  })

  it("normalizeKeywordList: trimmed, upper case, no duplicates or empties", () => {
    expect(normalizeKeywordList([" stop ", "STOP", "", "стоп!", "Quit"])).toEqual(["STOP", "СТОП", "QUIT"])
  })
})
