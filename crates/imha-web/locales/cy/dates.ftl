# Translation status: machine-drafted, awaiting review by a Welsh speaker
# "Beth yw fy nyddiadau?" (/my-dates). Dyddiadau'r peiriant hawliau, gydag enwau misoedd
# Cymraeg (i18n::long_date); daw nodiadau'r peiriant ei hun o engine.ftl (src/i18n/engine.rs).

dates-title = Beth yw fy nyddiadau?
dates-intro = Darganfyddwch pryd y daw eich adran i ben, a phryd y gallwch ofyn i dribiwnlys ei dod i ben. Nid ydym yn cadw'r hyn yr ydych yn ei roi.
dates-start-legend = Pryd y dechreuodd?
dates-start-hint = Y diwrnod y cawsoch eich derbyn, neu'r diwrnod y gwnaed y gorchymyn. Er enghraifft, 27 3 2026
dates-show = Dangos fy nyddiadau
dates-result-title = Eich dyddiadau
dates-error-enter = Rhowch y dyddiad y dechreuodd
dates-error-include = Rhaid i'r dyddiad y dechreuodd gynnwys { $parts }
dates-missing-day = diwrnod
dates-missing-month = mis
dates-missing-year = blwyddyn
dates-and = a
dates-error-real = Rhaid i'r dyddiad y dechreuodd fod yn ddyddiad go iawn
dates-error-year = Rhaid i'r flwyddyn gynnwys 4 rhif
dates-error-future = Rhaid i'r dyddiad y dechreuodd fod heddiw neu yn y gorffennol
dates-error-1983 = Rhaid i'r dyddiad y dechreuodd fod ar ôl 1983
dates-error-status = Dewiswch yr adran neu'r gorchymyn yr ydych arno
dates-window-open = Gallwch wneud cais nawr, hyd at { $to }.
dates-window-passed = Yr amser i wneud cais oedd { $from } i { $to }. Mae wedi mynd heibio.
dates-window-next = Mae eich cyfle nesaf i wneud cais o { $from } i { $to }.
dates-window-closed-day = Mae'r diwrnod olaf yn ddiwrnod pan fydd swyddfa'r tribiwnlys ar gau, felly rhaid derbyn cais sy'n cyrraedd ar { $date } o hyd.
dates-ends-hours = Mae'n para { $hours } awr ar y mwyaf o'r adeg y dechreuodd. Gofynnwch i'r staff am yr union amser.
dates-ends-extended = Byddai wedi dod i ben ar { $date }, ond mae wedi cael ei ymestyn:
dates-first-period = y cyfnod cyntaf
dates-renewal = adnewyddiad { $n }
dates-ends-on = { $end } ({ $period }, a ddechreuodd ar { $start }). Gellir ei adnewyddu cyn hynny.
dates-no-end = Nid oes dyddiad gorffen penodol.
dates-no-end-decides = Nid oes dyddiad gorffen penodol. Yr ysbyty neu dribiwnlys sy'n penderfynu pryd y daw i ben.
dates-cannot-apply = Ni allwch wneud cais i dribiwnlys tra byddwch ar yr adran hon.
dates-reference-on = { $who ->
    [hospital] Rhaid i'r ysbyty
   *[secretary-of-state] Rhaid i'r Ysgrifennydd Gwladol dros Gyfiawnder
} ofyn i dribiwnlys edrych ar eich achos ar { $date }, os nad oes neb wedi gwneud cais cyn hynny.
dates-reference-asap = { $who ->
    [hospital] Rhaid i'r ysbyty
   *[secretary-of-state] Rhaid i'r Ysgrifennydd Gwladol dros Gyfiawnder
} ofyn i dribiwnlys edrych ar eich achos cyn gynted â phosibl ar ôl { $date }, os nad oes neb wedi gwneud cais cyn hynny.
dates-imha-yes = Gallwch. Gallwch gael IMHA nawr.
dates-imha-no = Nid ar yr adran hon. Defnyddiwch "A allaf gael IMHA?" i weld a oes ffyrdd eraill.
dates-key-ends = Pryd y daw i ben
dates-key-tribunal = Gwneud cais i dribiwnlys
dates-key-reference = Os na fyddwch yn gwneud cais
dates-key-imha = A allaf gael IMHA?
dates-how-heading = Sut i wneud cais i dribiwnlys
dates-how-wales = Ysgrifennwch at Dribiwnlys Adolygu Iechyd Meddwl Cymru. Gall IMHA neu gyfreithiwr eich helpu. Gallwch gael cyfreithiwr ar gyfer tribiwnlys am ddim. Cymorth cyfreithiol sy'n talu, beth bynnag yw eich incwm neu eich cynilion.
dates-how-england = Gwnewch gais i'r Tribiwnlys Haen Gyntaf (Iechyd Meddwl) ar ffurflen T110, neu ysgrifennwch lythyr. Gall IMHA neu gyfreithiwr eich helpu. Gallwch gael cyfreithiwr ar gyfer tribiwnlys am ddim. Cymorth cyfreithiol sy'n talu, beth bynnag yw eich incwm neu eich cynilion.
dates-warning = Rhybudd
dates-check-them = Mae'r dyddiadau hyn wedi'u cyfrifo o'r hyn a ddywedoch wrthym. Gofynnwch i swyddfa Deddf Iechyd Meddwl yr ysbyty eu gwirio.
dates-notes-for-staff = Nodiadau ar gyfer eiriolwyr a staff
dates-where-from = O ble y daw'r dyddiadau hyn
dates-law-note = Y gyfraith ar gyfer hyn, nodyn
dates-check-other = Gwirio dyddiadau eraill
