# Translation status: machine-drafted, awaiting review by a Welsh speaker
# Y ffurflen atgyfeirio yn /refer. Negeseuon gyda $voice: [own] mae'r person yn ei atgyfeirio
# ei hun ("chi"); [other] rhywun arall ("nhw").

# Tudalen ddechrau
refer-start-title = Gofyn am eiriolwr iechyd meddwl annibynnol
refer-start-lede = Defnyddiwch y ffurflen hon i ofyn am eiriolwr i chi eich hun, neu i rywun yr ydych yn gofalu amdano neu'n gweithio gydag ef.
refer-start-what-heading = Beth mae eiriolwr yn ei wneud
refer-start-what = Mae eiriolwr iechyd meddwl annibynnol (IMHA) ar ochr y person sydd o dan y Ddeddf Iechyd Meddwl. Nid ydynt yn gweithio i'r ysbyty na'r cyngor. Gall eiriolwr eich helpu i:
refer-start-free = Mae am ddim. Mae'r hyn yr ydych yn ei ddweud wrthym yn gyfrinachol: dim ond os oes risg o niwed difrifol i rywun y byddwn yn ei rannu heb ganiatâd. Darllenwch ein
refer-start-privacy-link = hysbysiad preifatrwydd
refer-start-ask-heading = Beth fyddwn yn ei ofyn
refer-start-ask-who = pwy sy'n gwneud yr atgyfeiriad
refer-start-ask-name = enw'r person, a'i ddyddiad geni a'i rif GIG os ydych yn eu gwybod
refer-start-ask-where = ble mae'r person, a sut i gysylltu ag ef
refer-start-ask-section = ar ba adran o'r Ddeddf Iechyd Meddwl y mae, os ydych yn gwybod
refer-start-ask-help = pa help yr hoffai ei gael, ac unrhyw help sydd ei angen arno i gyfathrebu
refer-start-ask-consent = os ydych yn atgyfeirio rhywun arall: a yw'n gwybod am hyn, a'ch manylion cyswllt chi
refer-start-time = Fel arfer mae'n cymryd rhwng 3 a 10 munud. Rydym yn cadw eich atebion am { $hours } awr tra byddwch yn llenwi'r ffurflen. Os na fyddwch yn eu hanfon, rydym yn eu dileu.
refer-start-button = Dechrau nawr
refer-start-other-heading = Ffyrdd eraill o ofyn
refer-start-other = Gallwch hefyd gysylltu â ni:
refer-start-ward = Os ydych yn yr ysbyty, gall staff y ward gysylltu â ni ar eich rhan.
refer-honeypot = Gadewch hwn yn wag

# Pan na ellir defnyddio'r atebion
refer-other-ways-heading = Ffyrdd eraill o ofyn am eiriolwr
refer-start-again = Dechrau eto
refer-expired-heading = Mae eich atebion wedi cael eu dileu
refer-expired-p1 = Er mwyn eu cadw'n breifat, rydym yn dileu atebion { $hours } awr ar ôl y newid olaf. Ni chafodd dim ei anfon.
refer-expired-p2 = Gallwch ddechrau eto. Mae'n cymryd tua 10 munud.
refer-lost-heading = Ni allwn ddod o hyd i'ch atebion
refer-lost-p1 = Os gwnaethoch bwyso Anfon yr atgyfeiriad fwy nag unwaith, cafodd eich atgyfeiriad ei anfon y tro cyntaf a byddwn yn cysylltu â chi. Cysylltwch â ni os nad ydych yn siŵr.
refer-lost-p2 = Fel arall, cafodd eich atebion eu dileu oherwydd na newidiodd dim am { $hours } awr. Rydym yn gwneud hyn i'w cadw'n breifat.
refer-blocked-heading = Nid oedd modd anfon eich atgyfeiriad
refer-blocked-p1 = Cafodd y ffurflen ei llenwi mewn ffordd a oedd yn edrych yn awtomatig, felly ni wnaethom ei hanfon ac rydym wedi dileu'r atebion.
refer-blocked-p2 = Cysylltwch â ni yn lle hynny:

# Tudalennau cwestiynau: penawdau
refer-q-who = Pwy sy'n gwneud yr atgyfeiriad hwn?
refer-q-name = { $voice ->
    [own] Beth yw eich enw?
   *[other] Beth yw enw'r person yr ydych yn ei atgyfeirio?
}
refer-q-date-of-birth = { $voice ->
    [own] Beth yw eich dyddiad geni?
   *[other] Beth yw ei ddyddiad geni?
}
refer-q-nhs-number = { $voice ->
    [own] Beth yw eich rhif GIG?
   *[other] Beth yw ei rif GIG?
}
refer-q-where = { $voice ->
    [own] Ble ydych chi nawr?
   *[other] Ble mae'r person nawr?
}
refer-q-hospital = { $voice ->
    [own] Ym mha ysbyty ydych chi?
   *[other] Ym mha ysbyty mae'r person?
}
refer-q-address = { $voice ->
    [own] Beth yw eich cyfeiriad?
   *[other] Beth yw'r cyfeiriad lle gallwn gysylltu â'r person?
}
refer-q-contact = { $voice ->
    [own] Sut gallwn gysylltu â chi?
   *[other] Sut gallwn gysylltu â'r person?
}
refer-q-section = { $voice ->
    [own] Ar ba adran neu orchymyn ydych chi?
   *[other] Ar ba adran neu orchymyn mae'r person?
}
refer-q-country = A yw'r ysbyty yng Nghymru neu yn Lloegr?
refer-q-help = { $voice ->
    [own] Gyda beth yr hoffech gael help?
   *[other] Gyda beth yr hoffai'r person gael help?
}
refer-q-communication = { $voice ->
    [own] A oes angen unrhyw help arnoch i gyfathrebu?
   *[other] A oes angen unrhyw help ar y person i gyfathrebu?
}
refer-q-knows = A yw { $person } yn gwybod am yr atgyfeiriad hwn?
refer-q-agrees = A yw { $person } yn cytuno â'r atgyfeiriad hwn?
refer-q-before-visiting = { $voice ->
    [own] A oes unrhyw beth y dylai'r eiriolwr ei wybod cyn ymweld â chi?
   *[other] A oes unrhyw beth y dylai'r eiriolwr ei wybod cyn ymweld â'r person?
}
refer-q-about-you = Eich manylion
refer-the-person = y person

# Tudalennau cwestiynau: dewisiadau, labeli ac awgrymiadau
refer-who-self = Rydw i eisiau eiriolwr i mi fy hun
refer-who-nearest-relative = Fi yw perthynas agosaf y person
refer-who-nearest-relative-hint = Mae'r Ddeddf Iechyd Meddwl yn rhoi'r rôl hon i un perthynas, fel arfer yr agosaf. Bydd yr ysbyty wedi dweud wrthynt.
refer-who-carer = Rydw i'n ofalwr, yn ffrind neu'n aelod o'r teulu
refer-who-professional = Rydw i'n weithiwr proffesiynol
refer-who-professional-hint = Er enghraifft nyrs, meddyg, gweithiwr cymdeithasol neu weithiwr cymorth
refer-who-hint = Gallwch ofyn am eiriolwr i chi eich hun neu i rywun arall.
refer-given-name = Enw cyntaf
refer-family-name = Cyfenw
refer-dob-hint = Er enghraifft, 27 3 1985. Gadewch hwn yn wag os nad ydych yn ei wybod.
refer-date-day = Diwrnod
refer-date-month = Mis
refer-date-year = Blwyddyn
refer-nhs-hint = Mae'n 10 digid o hyd, fel 485 777 3456. Mae i'w weld ar lythyrau gan y GIG. Gadewch hwn yn wag os nad ydych yn ei wybod.
refer-in-hospital = Yn yr ysbyty
refer-in-community = Yn y gymuned
refer-in-community-hint = Er enghraifft gartref, neu mewn tai â chymorth
refer-hospital-name = Enw'r ysbyty
refer-ward = Ward (dewisol)
refer-address-hint = { $voice ->
    [own] Lle gallwn ysgrifennu atoch neu ymweld â chi.
   *[other] Lle gallwn ysgrifennu at y person neu ymweld ag ef.
}
refer-contact-own-hospital = Rhowch rif ffôn neu gyfeiriad e-bost os oes gennych un. Os nad oes, gadewch y rhain yn wag a byddwn yn cysylltu â chi ar y ward.
refer-contact-own = Rhowch rif ffôn neu gyfeiriad e-bost, neu'r ddau.
refer-contact-other = Gadewch y rhain yn wag os nad ydych yn eu gwybod.
refer-phone = Rhif ffôn
refer-email = Cyfeiriad e-bost
refer-not-sure = Dydw i ddim yn siŵr
refer-section-hint = { $voice ->
    [own] Mae ar y llythyr a roddodd yr ysbyty i chi am eich hawliau.
   *[other] Mae ar y llythyr a roddodd yr ysbyty i'r person am ei hawliau. Os nad ydych yn gwybod, dewiswch Dydw i ddim yn siŵr.
}
refer-country-hint = { $voice ->
    [own] Mae'r gyfraith yn wahanol yng Nghymru. Os ydych ar orchymyn triniaeth gymunedol, dyma'r ysbyty sy'n gyfrifol amdano. Os ydych o dan warcheidiaeth, dyma ble mae'r cyngor.
   *[other] Mae'r gyfraith yn wahanol yng Nghymru. Os yw'r person ar orchymyn triniaeth gymunedol, dyma'r ysbyty sy'n gyfrifol amdano. Os yw o dan warcheidiaeth, dyma ble mae'r cyngor.
}
refer-england = Lloegr
refer-wales = Cymru
refer-help-other-label = { $voice ->
    [own] Gyda beth arall yr hoffech gael help?
   *[other] Gyda beth arall yr hoffai'r person gael help?
}
refer-select-all = Dewiswch bob un sy'n berthnasol.
refer-long-hint = Gallwch ysgrifennu hyd at { $max } nod.
refer-interpreter = Cyfieithydd
refer-interpreter-language = Pa iaith?
refer-bsl = Iaith Arwyddion Prydain (BSL)
refer-easy-read = Gwybodaeth Hawdd ei Deall
refer-easy-read-hint = Brawddegau byr gyda lluniau
refer-something-else = Rhywbeth arall
refer-communication-other = Pa help sydd ei angen?
refer-none-of-these = Na, dim un o'r rhain
refer-communication-hint = Er enghraifft, i siarad ag eiriolwr neu i ddarllen llythyrau. Dewiswch bob un sy'n berthnasol.
refer-knows-hint = Bydd eiriolwr yn dal i gysylltu â'r person i esbonio sut y gall eiriolwr helpu. Gall benderfynu wedyn.
refer-agrees-hint = Dim ond gyda pherson sydd eisiau ei help, neu na all ddweud beth y mae ei eisiau, y mae eiriolwr yn gweithio.
refer-before-visiting-hint = Er enghraifft, risg i ddiogelwch unrhyw un, yr amser gorau i ymweld, neu rywun na ddylai gael gwybod. Gadewch hwn yn wag os nad oes dim. { $long }
refer-about-you-intro = Dim ond i gysylltu â chi am yr atgyfeiriad hwn y byddwn yn defnyddio'r rhain. Rhowch rif ffôn neu gyfeiriad e-bost, neu'r ddau.
refer-your-full-name = Eich enw llawn
refer-your-job-title = Teitl eich swydd (dewisol)
refer-organisation-optional = Sefydliad (dewisol)
refer-your-phone = Eich rhif ffôn
refer-your-email = Eich cyfeiriad e-bost

# Y mathau o help (imha_core::referrals::HelpKind, yn ôl id)
help-kind-rights = { $voice ->
    [own] Deall eich hawliau o dan y Ddeddf Iechyd Meddwl
   *[other] Deall ei hawliau o dan y Ddeddf Iechyd Meddwl
}
help-kind-tribunal = { $voice ->
    [own] Gofyn am adolygiad o'ch adran neu wneud cais i dribiwnlys
   *[other] Gofyn am adolygiad o'i adran neu wneud cais i dribiwnlys
}
help-kind-concerns = { $voice ->
    [own] Codi pryderon am eich profiad neu eich gofal
   *[other] Codi pryderon am ei brofiad neu ei ofal
}
help-kind-treatment = { $voice ->
    [own] Cael gwybod am eich triniaeth
   *[other] Cael gwybod am ei driniaeth
}
help-kind-meetings = Paratoi ar gyfer cyfarfodydd a mynd iddynt
help-kind-care-planning = { $voice ->
    [own] Cymryd rhan wrth gynllunio eich gofal
   *[other] Cymryd rhan wrth gynllunio ei ofal
}
help-kind-conditions = Cael gwybod am amodau neu gyfyngiadau
help-kind-ward-rounds = Codi llais mewn rowndiau ward ac adolygiadau gofal
help-kind-other = Rhywbeth arall

# Ydy, nac ydy, ddim yn siŵr
answer-yes = Ydy
answer-no = Nac ydy
answer-not-sure = Ddim yn siŵr

# Awgrymiadau'r statwsau am rywun arall
status-s7-hint-other = Gall gwarcheidwad, y cyngor fel arfer, wneud rhai penderfyniadau ar ran y person
status-informal-hint-other = Yn yr ysbyty ar gyfer ei iechyd meddwl heb fod ar adran

# Problemau y mae'r dudalen ei hun yn eu canfod
refer-error-section = Dewiswch yr adran neu'r gorchymyn, neu dewiswch Dydw i ddim yn siŵr
refer-error-country = Dewiswch Gymru neu Loegr
refer-error-communication = Dewiswch yr help sydd ei angen i gyfathrebu, neu dewiswch Na, dim un o'r rhain
refer-error-interpreter-language = Rhowch yr iaith y dylai'r cyfieithydd ei siarad
refer-error-communication-other = Disgrifiwch yr help sydd ei angen i gyfathrebu
refer-error-dob-missing = Rhaid i'r dyddiad geni gynnwys { $parts }
refer-error-dob-real = Rhaid i'r dyddiad geni fod yn ddyddiad go iawn
refer-error-year-digits = Rhaid i'r flwyddyn gynnwys 4 rhif
refer-error-and = a
refer-part-day = diwrnod
refer-part-month = mis
refer-part-year = blwyddyn

# Problemau y mae'r parth yn eu canfod (imha_core::referrals::validate)
refer-error-referrer = Dewiswch pwy sy'n gwneud yr atgyfeiriad
refer-error-given-name = Rhowch enw cyntaf y person sydd eisiau eiriolwr
refer-error-family-name = Rhowch gyfenw'r person sydd eisiau eiriolwr
refer-error-whereabouts = Dewiswch a yw'r person yn yr ysbyty neu yn y gymuned
refer-error-hospital-name = Rhowch enw'r ysbyty
refer-error-address = Rhowch y cyfeiriad lle gellir cysylltu â'r person
refer-error-help-list = Dewiswch y mathau o help o'r rhestr
refer-error-help = Dewiswch pa help y mae'r person ei eisiau, neu dewiswch Rhywbeth arall
refer-error-help-other = Disgrifiwch yr help arall y mae'r person ei eisiau
refer-error-knows = Dewiswch a yw'r person yn gwybod am yr atgyfeiriad hwn
refer-error-agrees = Dewiswch a yw'r person yn cytuno â'r atgyfeiriad hwn
refer-error-phone-or-email = Rhowch rif ffôn neu gyfeiriad e-bost er mwyn i ni allu cysylltu â chi
refer-error-referrer-name = Rhowch eich enw
refer-error-referrer-contact = Rhowch eich rhif ffôn neu eich cyfeiriad e-bost er mwyn i ni allu cysylltu â chi
refer-error-nhs-digits = Rhaid i'r rhif GIG fod yn 10 digid
refer-error-nhs-check = Nid yw digid gwirio'r rhif GIG yn cyfateb
refer-error-too-long = { $what }: rhowch { $max } nod neu lai
refer-error-special = { $what }: peidiwch â defnyddio nodau arbennig
refer-error-date-past = { $what }: rhaid i'r dyddiad fod heddiw neu yn y gorffennol
refer-error-date-1900 = { $what }: rhaid i'r dyddiad fod ar ôl 1900
refer-error-phone-format = { $what }: rhowch rif ffôn, fel 01632 960 001 neu +44 808 157 0192
refer-error-email-format = { $what }: rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@example.com
# Enw pob maes yn y negeseuon hynny
refer-what-given_name = Enw cyntaf
refer-what-family_name = Cyfenw
refer-what-date_of_birth = Dyddiad geni
refer-what-hospital_name = Ysbyty
refer-what-ward = Ward
refer-what-address = Cyfeiriad
refer-what-phone = Rhif ffôn
refer-what-email = Cyfeiriad e-bost
refer-what-help_other = Help arall
refer-what-interpreter_language = Iaith
refer-what-communication_other = Anghenion cyfathrebu eraill
refer-what-risk = Beth ddylai'r eiriolwr ei wybod
refer-what-referrer_name = Eich enw
refer-what-referrer_role = Eich rôl
refer-what-referrer_organisation = Sefydliad
refer-what-referrer_phone = Eich rhif ffôn
refer-what-referrer_email = Eich cyfeiriad e-bost

# Gwirio eich atebion
refer-check-heading = Gwiriwch eich atebion cyn anfon eich atgyfeiriad
refer-check-send-heading = Nawr anfonwch eich atgyfeiriad
refer-check-confirm = Drwy anfon yr atgyfeiriad hwn rydych yn cadarnhau bod yr atebion yn gywir, hyd eithaf eich gwybodaeth.
refer-check-send = Anfon yr atgyfeiriad
refer-change = Newid
refer-not-given = Heb ei roi
refer-not-known = Ddim yn hysbys
refer-nothing = Dim
refer-none = Dim
refer-ward-is = Ward: { $ward }
refer-interpreter-is = Cyfieithydd: { $language }
refer-something-else-is = Rhywbeth arall: { $text }
refer-row-who = Pwy sy'n gwneud yr atgyfeiriad
refer-row-name = Enw
refer-row-dob = Dyddiad geni
refer-row-nhs = Rhif GIG
refer-row-where = Ble
refer-row-hospital = Ysbyty
refer-row-address = Cyfeiriad
refer-row-phone = Rhif ffôn
refer-row-email = Cyfeiriad e-bost
refer-row-section = Adran neu orchymyn
refer-row-country = Cymru neu Loegr
refer-row-help = Help gyda
refer-row-communication = Help i gyfathrebu
refer-row-knows = Yn gwybod am yr atgyfeiriad
refer-row-agrees = Yn cytuno â'r atgyfeiriad
refer-row-before-visiting = Cyn ymweld
refer-row-your-name = Eich enw
refer-row-job-title = Teitl swydd
refer-row-organisation = Sefydliad
refer-row-your-phone = Eich rhif ffôn
refer-row-your-email = Eich cyfeiriad e-bost
refer-section-person = { $voice ->
    [own] Amdanoch chi
   *[other] Am y person
}
refer-section-help = Yr help sydd ei eisiau
refer-section-you = Amdanoch chi

# Cadarnhad
refer-sent-title = Atgyfeiriad wedi'i anfon
refer-sent-reference = Eich cyfeirnod
refer-sent-may-not = { $voice ->
    [own] Efallai na allwch gael IMHA
   *[other] Efallai na all y person gael IMHA
}
refer-sent-law = Y gyfraith: { $basis }.
refer-sent-still = { $voice ->
    [own] Rydym wedi anfon eich atgyfeiriad er hynny. Byddwn yn edrych ar eich sefyllfa ac yn cysylltu â chi.
   *[other] Rydym wedi anfon eich atgyfeiriad er hynny. Byddwn yn edrych ar sefyllfa'r person ac yn cysylltu â chi neu â'r person.
}
refer-sent-others-intro = Efallai y gall eiriolwyr eraill helpu:
refer-sent-others-care-act = eiriolaeth y Ddeddf Gofal, os yw'r cyngor yn asesu anghenion gofal a chymorth: gofynnwch i'r cyngor lleol (yng Nghymru, gofynnwch am eiriolaeth o dan Ddeddf Gwasanaethau Cymdeithasol a Llesiant)
refer-sent-others-imca = eiriolwr galluedd meddyliol annibynnol (IMCA), i rywun na all wneud penderfyniad pwysig ei hun ac nad oes ganddo neb arall i helpu: gofynnwch i'r ysbyty neu'r cyngor
refer-sent-others-nhs = eiriolaeth cwynion y GIG, i gwyno am ofal y GIG: gofynnwch i'r cyngor lleol pwy sy'n ei darparu
refer-sent-next-heading = Beth sy'n digwydd nesaf
refer-sent-next = { $voice ->
    [own] Mae eich atgyfeiriad gan { $service }. Ein nod yw cysylltu â chi o fewn { $days } diwrnod gwaith.
   *[other] Mae eich atgyfeiriad gan { $service }. Ein nod yw cysylltu â chi neu â'r person o fewn { $days } diwrnod gwaith.
}
refer-sent-emailed = Byddwn hefyd yn anfon eich cyfeirnod atoch drwy e-bost.
refer-sent-keep = Cadwch eich cyfeirnod. Dyfynnwch ef os byddwch yn cysylltu â ni am yr atgyfeiriad hwn.
refer-sent-qualifies = { $voice ->
    [own] O'r hyn a ddywedoch wrthym, mae gennych hawl i IMHA ({ $basis }).
   *[other] O'r hyn a ddywedoch wrthym, mae gan y person hawl i IMHA ({ $basis }).
}
refer-sent-unknown = { $voice ->
    [own] Byddwn yn gwirio a allwch gael IMHA.
   *[other] Byddwn yn gwirio a all y person gael IMHA.
}
refer-sent-talk-heading = Os oes angen i chi siarad â ni
refer-sent-feedback = Dywedwch wrthym beth oedd eich barn am y ffurflen hon
refer-why-informal-england = { $voice ->
    [own] Yn Lloegr, nid oes gan bobl yn yr ysbyty heb fod ar adran hawl i IMHA, oni bai bod meddyg yn siarad â hwy am driniaethau penodol, fel ECT. Os cewch eich rhoi ar adran, bydd gennych yr hawl.
   *[other] Yn Lloegr, nid oes gan bobl yn yr ysbyty heb fod ar adran hawl i IMHA, oni bai bod meddyg yn siarad â hwy am driniaethau penodol, fel ECT. Os caiff y person ei roi ar adran, bydd ganddo'r hawl.
}
refer-why-informal-wales = { $voice ->
    [own] Yng Nghymru, mae gan bobl nad ydynt ar adran hawl i IMHA tra byddant yn aros yn yr ysbyty ar gyfer eu hiechyd meddwl. Os nad ydych yn aros yn yr ysbyty, nid oes gennych yr hawl honno.
   *[other] Yng Nghymru, mae gan bobl nad ydynt ar adran hawl i IMHA tra byddant yn aros yn yr ysbyty ar gyfer eu hiechyd meddwl. Os nad yw'r person yn aros yn yr ysbyty, nid oes ganddo'r hawl honno.
}
refer-why-short = { $voice ->
    [own] Mae { $label } yn bŵer brys byr. Nid yw'r gyfraith yn rhoi hawl i IMHA i bobl arno. Os cewch eich cadw yn yr ysbyty wedyn ar adran arall, fel adran 2 neu 3, bydd gennych yr hawl.
   *[other] Mae { $label } yn bŵer brys byr. Nid yw'r gyfraith yn rhoi hawl i IMHA i bobl arno. Os caiff y person ei gadw yn yr ysbyty wedyn ar adran arall, fel adran 2 neu 3, bydd ganddo'r hawl.
}
refer-why-not = Nid yw'r gyfraith yn rhoi hawl i IMHA i bobl ar { $label }.
refer-this-section = yr adran hon

# Cyffredin
form-back = Yn ôl
