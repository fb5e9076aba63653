import { countSegments } from "../segments"
import { detectLanguage, transliterate, transliterationSavings } from "../transliterate"

/** Examples of the official 2010 table (Cabinet of Ministers resolution No. 55). */
const UKRAINIAN_OFFICIAL: Array<[string, string]> = [
  ["Алушта", "Alushta"],
  ["Андрій", "Andrii"],
  ["Борщагівка", "Borshchahivka"],
  ["Борисенко", "Borysenko"],
  ["Вінниця", "Vinnytsia"],
  ["Володимир", "Volodymyr"],
  ["Гадяч", "Hadiach"],
  ["Богдан", "Bohdan"],
  ["Згурський", "Zghurskyi"],
  ["Ґалаґан", "Galagan"],
  ["Ґорґани", "Gorgany"],
  ["Донецьк", "Donetsk"],
  ["Дмитро", "Dmytro"],
  ["Рівне", "Rivne"],
  ["Олег", "Oleh"],
  ["Есмань", "Esman"],
  ["Єнакієве", "Yenakiieve"],
  ["Гаєвич", "Haievych"],
  ["Короп'є", "Koropie"],
  ["Житомир", "Zhytomyr"],
  ["Жанна", "Zhanna"],
  ["Жежелів", "Zhezheliv"],
  ["Закарпаття", "Zakarpattia"],
  ["Казимирчук", "Kazymyrchuk"],
  ["Медвин", "Medvyn"],
  ["Михайленко", "Mykhailenko"],
  ["Іванків", "Ivankiv"],
  ["Іващенко", "Ivashchenko"],
  ["Їжакевич", "Yizhakevych"],
  ["Кадиївка", "Kadyivka"],
  ["Мар'їне", "Marine"],
  ["Йосипівка", "Yosypivka"],
  ["Стрий", "Stryi"],
  ["Олексій", "Oleksii"],
  ["Київ", "Kyiv"],
  ["Коваленко", "Kovalenko"],
  ["Лебедин", "Lebedyn"],
  ["Леонід", "Leonid"],
  ["Миколаїв", "Mykolaiv"],
  ["Маринич", "Marynych"],
  ["Ніжин", "Nizhyn"],
  ["Наталія", "Nataliia"],
  ["Одеса", "Odesa"],
  ["Онищенко", "Onyshchenko"],
  ["Полтава", "Poltava"],
  ["Петро", "Petro"],
  ["Решетилівка", "Reshetylivka"],
  ["Рибчинський", "Rybchynskyi"],
  ["Суми", "Sumy"],
  ["Соломія", "Solomiia"],
  ["Тернопіль", "Ternopil"],
  ["Троць", "Trots"],
  ["Ужгород", "Uzhhorod"],
  ["Уляна", "Uliana"],
  ["Фастів", "Fastiv"],
  ["Філіпчук", "Filipchuk"],
  ["Харків", "Kharkiv"],
  ["Христина", "Khrystyna"],
  ["Біла Церква", "Bila Tserkva"],
  ["Стеценко", "Stetsenko"],
  ["Чернівці", "Chernivtsi"],
  ["Шевченко", "Shevchenko"],
  ["Шостка", "Shostka"],
  ["Кишеньки", "Kyshenky"],
  ["Щербухи", "Shcherbukhy"],
  ["Гоща", "Hoshcha"],
  ["Гаращенко", "Harashchenko"],
  ["Юрій", "Yurii"],
  ["Корюківка", "Koriukivka"],
  ["Яготин", "Yahotyn"],
  ["Ярошенко", "Yaroshenko"],
  ["Костянтин", "Kostiantyn"],
  ["Знам'янка", "Znamianka"],
  ["Феодосія", "Feodosiia"],
  ["Згорани", "Zghorany"],
  ["Розгон", "Rozghon"],
  ["Запоріжжя", "Zaporizhzhia"],
  ["Луганськ", "Luhansk"],
  ["Ізмаїл", "Izmail"],
]

/** ICAO Doc 9303 (Russian passports since 2013). */
const RUSSIAN_ICAO: Array<[string, string]> = [
  ["Горбачёв", "Gorbachev"],
  ["Хрущёв", "Khrushchev"],
  ["Пётр", "Petr"],
  ["Андрей", "Andrei"],
  ["Алексей", "Aleksei"],
  ["Юлия", "Iuliia"],
  ["Мария", "Mariia"],
  ["Подъячев", "Podieiachev"],
  ["Объедков", "Obieedkov"],
  ["Щербаков", "Shcherbakov"],
  ["Цой", "Tsoi"],
  ["Чайковский", "Chaikovskii"],
  ["Жуков", "Zhukov"],
  ["Москва", "Moskva"],
  ["Ярослав", "Iaroslav"],
  ["Эрмитаж", "Ermitazh"],
  ["Выборг", "Vyborg"],
  ["Ульяновск", "Ulianovsk"],
  ["Елена", "Elena"],
  ["Зеленоград", "Zelenograd"],
  ["Съезд", "Sieezd"],
  ["Киев", "Kiev"],
]

describe("transliterate: Ukrainian (official 2010 table)", () => {
  it.each(UKRAINIAN_OFFICIAL)("%s → %s", (cyrillic, latin) => {
    expect(transliterate(cyrillic, "uk")).toBe(latin)
    expect(transliterate(cyrillic, "auto")).toBe(
      detectLanguage(cyrillic) === "uk" ? latin : transliterate(cyrillic, "ru")
    )
  })

  it("drops apostrophes of every kind inside words", () => {
    for (const apostrophe of ["'", "’", "ʼ", "`"]) {
      expect(transliterate(`Знам${apostrophe}янка`, "uk")).toBe("Znamianka")
    }
  })

  it("keeps ALL-CAPS words in capitals and title case in title case", () => {
    expect(transliterate("ЖИТОМИР", "uk")).toBe("ZHYTOMYR")
    expect(transliterate("ЩУКА", "uk")).toBe("SHCHUKA")
    expect(transliterate("Щука", "uk")).toBe("Shchuka")
    expect(transliterate("ЗГОРАНИ", "uk")).toBe("ZGHORANY")
    expect(transliterate("ЄНАКІЄВЕ", "uk")).toBe("YENAKIIEVE")
    expect(transliterate("Я ЛЮБЛЮ КИЇВ", "uk")).toBe("YA LIUBLIU KYIV")
    expect(transliterate("Я люблю Київ", "uk")).toBe("Ya liubliu Kyiv")
  })

  it("recognises word starts after punctuation, brackets, quotes and line breaks", () => {
    expect(transliterate("(Юрій) «Яготин» „Їжакевич“ Київ,Єнакієве\nЮрій-Ярослав", "uk")).toBe(
      '(Yurii) "Yahotyn" "Yizhakevych" Kyiv,Yenakiieve\nYurii-Yaroslav'
    )
    expect(transliterate("Стрий.Йосипівка 5Яготин", "uk")).toBe("Stryi.Yosypivka 5Yahotyn")
  })

  it("maps typography to GSM-7", () => {
    expect(transliterate("Замовлення № 5 — «готово»… ‘так’\u00a0ok – 100 ₴", "uk")).toBe(
      `Zamovlennia No 5 - "hotovo"... 'tak' ok - 100 UAH`
    )
  })
})

describe("transliterate: Russian (ICAO Doc 9303)", () => {
  it.each(RUSSIAN_ICAO)("%s → %s", (cyrillic, latin) => {
    expect(transliterate(cyrillic, "ru")).toBe(latin)
    expect(transliterate(cyrillic)).toBe(latin)
  })

  it("handles capitals and mixed sentences", () => {
    expect(transliterate("ЩЕРБАКОВ Юлия", "ru")).toBe("SHCHERBAKOV Iuliia")
    expect(transliterate("Ваш заказ №1042 отправлен!", "ru")).toBe("Vash zakaz No1042 otpravlen!")
  })
})

describe("language detection", () => {
  it("is Ukrainian when і, ї, є or ґ occur", () => {
    expect(detectLanguage("Київ")).toBe("uk")
    expect(detectLanguage("ґанок")).toBe("uk")
    expect(detectLanguage("Єва")).toBe("uk")
    expect(detectLanguage("Киев")).toBe("ru")
    expect(transliterate("Гарний день, Київ")).toBe("Harnyi den, Kyiv")
    expect(transliterate("Хороший день, Киев")).toBe("Khoroshii den, Kiev")
  })
})

describe("transliterationSavings", () => {
  it("reports parts before and after", () => {
    const text = "Ваше замовлення №1042 прийнято. Сума: 61,48 грн. Повідомимо, коли відправимо. Дякуємо!"
    const savings = transliterationSavings(text)
    expect(savings.before).toMatchObject({ encoding: "UCS-2", parts: 2 })
    expect(savings.after).toMatchObject({ encoding: "GSM-7", parts: 1 })
    expect(savings.savedParts).toBe(1)
    expect(savings.text).toBe(transliterate(text))
    expect(countSegments(savings.text).characters).toBe(savings.after.characters)
  })
})

describe("stress marks", () => {
  it("transliterates as if combining stress marks were absent", () => {
    expect(transliterate("Ки\u0301їв", "uk")).toBe("Kyiv")
    expect(transliterate("Ки\u0301їв", "uk")).toBe(transliterate("Київ", "uk"))
    expect(transliterate("ЗНА\u0301М'ЯНКА", "uk")).toBe("ZNAMIANKA")
    expect(transliterate("доро\u0301га", "ru")).toBe("doroga")
  })

  it("the result is GSM-7", () => {
    expect(countSegments(transliterate("Замо\u0301влення у Ки\u0301єві", "uk")).encoding).toBe("GSM-7")
  })
})
