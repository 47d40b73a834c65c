# Translation status: machine-drafted, awaiting review by a Welsh speaker
# Geiriau'r peiriant hawliau ei hun (imha_law::text ac imha_law::Warning), fel y'u dangosir ar
# y tudalennau cyhoeddus (/eligibility, /my-dates) ac yn y llythyr hawliau: src/i18n/engine.rs.
# Mae'r cyfeiriadau cyfreithiol ("MHA 1983 s66(2)(a)", enwau achosion) yn aros fel y mae'r
# peiriant yn eu hysgrifennu. "legal reference" yw law.md y prosiect: "y cyfeirlyfr cyfreithiol".

# Rhybuddion wedi'u gwneud o rannau (Display imha_law::Warning).
engine-month-end = Mae { $what } ({ $date }) ar ddiwrnod 28 neu'n hwyrach mewn mis, neu ar 1 Mawrth, lle mae'r dulliau cyfrif a ddefnyddir yn ymarferol yn gallu amrywio o un i dri diwrnod: gofynnwch i swyddfa'r Ddeddf Iechyd Meddwl ei gadarnhau.
engine-uncertain = Rheol ansicr (hyder { $confidence }): { $rule }
engine-confidence-medium = canolig
engine-confidence-low = isel
engine-closed-day = Mae diwrnod olaf y cyfnod i wneud cais, { $date }, yn ddiwrnod pan fydd swyddfa'r tribiwnlys ar gau: rhaid derbyn cais a ddaw i law ar { $next } (R (Modaresi) v SSH [2011] EWCA Civ 1359).
engine-holidays-not-covered = Nid yw gwyliau banc { $year } ar restr imha: dim ond penwythnosau a wiriwyd i weld a yw swyddfa'r tribiwnlys ar gau.
engine-clock-change = Mae'r clociau'n newid rhwng GMT a BST yn ystod y cyfnod hwn: mae { $time } wedi'i gyfrif yn ôl y cloc, felly mae awr o wahaniaeth yn yr amser sydd wedi mynd heibio; gwiriwch union amser y diwedd.
engine-medication-before-period = Mae dyddiad y feddyginiaeth gyntaf ({ $first }) cyn i'r cyfnod cadw presennol ddechrau ({ $start }): mae tri mis s58 yn rhedeg o'r feddyginiaeth gyntaf a roddwyd yn y cyfnod hwn, felly rhowch y dyddiad hwnnw.

# Nodiadau (imha_law::text::notes).
engine-note-hours-without-time = Ni roddwyd amser dechrau ar gyfer statws sy'n cael ei fesur mewn oriau: mae'r oriau'n cael eu cyfrif o 00:00 y diwrnod hwnnw, felly rhowch yr amser.
engine-note-s2-extended-pending = Mae'r s2 wedi'i ymestyn tra bo'r cais i ddisodli'r perthynas agosaf yn aros yn y llys sirol (s29(4)): nid oes ganddo ddyddiad gorffen pendant nes y penderfynir ar y cais, a 7 diwrnod arall os gwneir gorchymyn.
engine-note-mha2025-s29-periods = Mae cyfnodau cadw MHA 2025 s29 (3, 3, 6, yna 12 mis) yn cael eu defnyddio am eu bod wedi'u gosod fel rhai sydd wedi cychwyn; ni ddarllenwyd y darpariaethau trosiannol.
engine-note-s58a-no-date-of-birth = Mae triniaeth s58A yn cael ei thrafod ond ni roddwyd y dyddiad geni: dim ond claf dan 18 oed sy'n gymwys drwy'r llwybr hwnnw (s130C(3)(b)).
engine-note-mha2025-sch3 = Mae MHA 2025 Sch 3 (s130CA, s130DA) yn cael ei ddefnyddio am ei fod wedi'i osod fel un sydd wedi cychwyn: mae copi o'r wybodaeth yn mynd i'r person enwebedig.
engine-note-last-status-ended = Roedd y statws olaf yn yr hanes wedi dod i ben (ar ei ddyddiad gorffen) cyn y dyddiad dan sylw.
engine-note-last-status-lapsed = Roedd awdurdod y statws olaf yn yr hanes wedi dod i ben cyn y dyddiad dan sylw, ac nid oes statws diweddarach wedi'i gofnodi.
engine-note-s68-6-no-date-of-birth = Ni roddwyd y dyddiad geni: mae atgyfeiriad s68(6) yn defnyddio'r cyfnod o 3 blynedd; i glaf dan 18 oed, 1 flwyddyn yw'r cyfnod.
engine-note-no-hearing-s68-6-episode = Nid oes gwrandawiad tribiwnlys wedi'i gofnodi: mae cyfnod s68(6) yn cael ei gyfrif o ddechrau'r cyfnod gofal hwn.
engine-note-cto-first-in-history = Mae'r hanes yn dechrau gyda CTO, felly nid yw diwrnod perthnasol s68 (y derbyniad dan s3 neu s2 cynharach) yn hysbys: dim ond yr atgyfeiriad 3 blynedd a roddir.
engine-note-hearing-taken-as-exercised = Cymerir bod gwrandawiad tribiwnlys yng nghyfnod chwe mis s68 yn golygu bod hawl wedi'i harfer neu fod atgyfeiriad wedi'i wneud; cofnodwch y ceisiadau i'r tribiwnlys i fod yn fanwl gywir.
engine-note-no-hearing-since-applicable-day = Nid oes gwrandawiad tribiwnlys wedi'i gofnodi ers diwrnod perthnasol s68: mae cyfnod s68(6) yn cael ei gyfrif o'r atgyfeiriad chwe mis neu o'r cais yn lle hynny.
engine-note-mha2025-s31-references = Mae trefn atgyfeirio MHA 2025 s31 yn cael ei defnyddio am ei bod wedi'i gosod fel un sydd wedi cychwyn; ni ddarllenwyd y darpariaethau trosiannol.
engine-note-no-hearing-s71-2 = Nid oes gwrandawiad tribiwnlys wedi'i gofnodi: mae cyfnod s71(2) yn cael ei gyfrif o ddechrau'r gorchymyn neu'r cyfarwyddyd.
engine-note-dol-conditions-not-in-force = Mae amodau sy'n gyfystyr ag amddifadu o ryddid wedi'u cofnodi, ond nid yw darpariaethau s75 MHA 2025 mewn grym ar y dyddiad dan sylw: defnyddir cyfnodau gwneud cais s75(2).
engine-note-barring-not-told-day = Ni roddwyd y diwrnod y cafodd y perthynas agosaf wybod am yr adroddiad gwahardd: mae'r cyfnod i wneud cais yn cael ei gyfrif o ddiwrnod yr adroddiad.
engine-note-barring-on-s2 = Nid yw adroddiad gwahardd ar glaf s2 yn rhoi hawl i'r perthynas agosaf wneud cais i'r tribiwnlys (mae s66(1)(g) yn cynnwys cleifion s3 a CTO yn unig).

# Rheolau ansicr (imha_law::text::rules).
engine-rule-s136b-extension = MHA 1983 s136B: yr estyniad o hyd at 12 awr (ni ddarllenwyd s136B; cyfeirlyfr cyfreithiol §5.2).
engine-rule-s4-converted-28-days = MHA 1983 s4(4), s2(4): pan fydd s4 yn troi'n s2, mae'n parhau fel s2, a'r 28 diwrnod yn cael eu cyfrif o'r diwrnod y cafodd y claf ei dderbyn dan s4 (cyfeirlyfr cyfreithiol §5.2).
engine-rule-s29-4-further-7-days = MHA 1983 s29(4): mae'r 7 diwrnod ychwanegol ar ôl gwneud gorchymyn yn cael eu cyfrif fel y 7 diwrnod ar ôl y diwrnod y penderfynwyd ar y cais.
engine-rule-cto-periods = MHA 1983 s20A: cyfnodau CTO o 6, 6, yna 12 mis (ni ddarllenwyd s17A-s17G a s20A yn y testun cyfeirio; cyfeirlyfr cyfreithiol §5.2).
engine-rule-part3-s20-cycle = MHA 1983 s40(4), Sch 1 Pt 1: mae gorchmynion a chyfarwyddydau Rhan 3 yn dilyn cylch s20 (hyder canolig sydd i fanylion yr Atodlen yn y cyfeirlyfr cyfreithiol §5.2).
engine-rule-cto-revoked-fresh-period = MHA 1983 s17G(5): ar ôl dirymu CTO, mae cyfnod newydd o 6 mis yn dechrau ar ddiwrnod y dirymu (cyfeirlyfr cyfreithiol §5.2).
engine-rule-renewal-counting = MHA 1983 s20(2): mae pob adnewyddiad yn cael ei gyfrif o'r diwrnod ar ôl i'r cyfnod blaenorol ddod i ben (cyfeirlyfr cyfreithiol §5.1); mae rhai swyddfeydd yn cyfrif pob dyddiad gorffen o'r diwrnod gwreiddiol.
engine-rule-s58a-general-knowledge = MHA 1983 s58A: daw'r rheolau am dystysgrifau ar gyfer ECT o wybodaeth gyffredinol (nid oedd yr adran yn y testun a ddarllenwyd; cyfeirlyfr cyfreithiol §8).
engine-rule-s58-three-months = MHA 1983 s58(1)(b): cymerir bod angen y dystysgrif o'r dyddiad cyfatebol dri mis ar ôl y feddyginiaeth gyntaf (y dull gofalus); mae cyfrif Dodds caeth yn rhoi'r diwrnod wedyn (cyfeirlyfr cyfreithiol §8).
engine-rule-s130c-4-proposed-treatment = MHA 1983 s130C(4): mae claf y dywedwyd wrtho fod triniaeth s57/s58A yn cael ei chynnig yn parhau'n gymwys nes i'r cynnig gael ei dynnu'n ôl neu i'r driniaeth gael ei chwblhau neu ei hatal (cyfeirlyfr cyfreithiol §1.1).
engine-rule-s130c-3-discussion = MHA 1983 s130C(3), s130D(2)(e): bod yn gymwys drwy drafod triniaeth s57/s58A, a dyletswydd y clinigydd sy'n ei thrafod gyntaf (cyfeirlyfr cyfreithiol §1.1, §2.1: testun y ffynhonnell wedi'i dorri).
engine-rule-s4-converted-qualifies = MHA 1983 s130C(2)(a) gyda s4(4): pan fydd s4 yn troi'n s2, cymerir bod y claf yn gymwys o'r adeg y mae'r rheolwyr yn cael yr ail argymhelliad meddygol (cyfeirlyfr cyfreithiol §1.2).
engine-rule-s37-guardianship-copy = MHA 1983 s130D(5): nid yw claf dan warcheidiaeth s37 yn agored i gael ei gadw dan Ran 3, felly cymerir bod y perthynas agosaf yn cael copi.
engine-rule-s44-cpia-liable = MHA 1983 s130C(2)(a): cymerir bod cleifion s44 a CP(I)A 1964 yn agored i gael eu cadw dan y Ddeddf (cyfeirlyfr cyfreithiol §1.1).
engine-rule-wales-s135-s136-excluded = MHA 1983 s130I(2): credir bod cleifion s135 a s136 wedi'u heithrio yng Nghymru fel yn Lloegr; ni chafwyd testun s130I(2) (gwiriwch).
engine-rule-wales-s5-qualifies = MHA 1983 s130I(2): cymerir bod cleifion s5(2) a s5(4) yn gymwys yng Nghymru (mae SI 2011/2501 reg 6 yn cadarnhau s4; hyder canolig sydd i s5 yn y cyfeirlyfr cyfreithiol §1.3).
engine-rule-wales-duty-mirrors = MHA 1983 s130K: mae'r ddyletswydd i roi gwybod yng Nghymru yn adlewyrchu s130D, gan gynnwys y copi i'r perthynas agosaf (cyfeirlyfr cyfreithiol §2.2).
engine-rule-s68-6-under-18-age = MHA 1983 s68(6): mae'r cyfnod o flwyddyn i rai dan 18 oed yn dibynnu ar oed y claf ar y diwrnod y byddai'r ddyletswydd yn ddyledus (cyfeirlyfr cyfreithiol §7).
engine-rule-part3-unrestricted-s68 = MHA 1983 s68, Sch 1 Pt 1 para 10: i gleifion Rhan 3 heb gyfyngiadau, dim ond yr atgyfeiriad 3 blynedd (dan 18 oed: 1 flwyddyn) sy'n berthnasol (cyfeirlyfr cyfreithiol §7).
engine-rule-s75-1-a-one-month = MHA 1983 s75(1)(a): cymerir bod "o fewn mis i'r diwrnod" y dychwelodd y claf yn golygu'r dyddiad cyfatebol fis yn ddiweddarach (Dodds v Walker; cyfeirlyfr cyfreithiol §5.1).
engine-rule-s4-converted-window = MHA 1983 s66(1)(a) gyda s4(1): pan fydd s4 yn troi'n s2, mae'r cyfnod i wneud cais dan s2 yn cael ei gyfrif o'r diwrnod y cafodd y claf ei dderbyn dan s4 (cyfeirlyfr cyfreithiol §6).
engine-rule-modaresi = R (Modaresi) v SSH [2011] EWCA Civ 1359: mae'r cyfnod i wneud cais dan s2 yn ymestyn i'r diwrnod nesaf y mae swyddfa'r tribiwnlys ar agor (yn hysbys o grynodeb eilaidd).
engine-rule-s69-2-a-restriction-ends = MHA 1983 s69(2)(a): cymerir bod claf sy'n cael ei drin fel un dan orchymyn ysbyty pan ddaw cyfyngiad i ben yn cael cyfnod i wneud cais yn y 6 mis cyntaf (nid yw yn y cyfeirlyfr cyfreithiol; gwiriwch).
engine-rule-s37-no-first-6-months = MHA 1983 s40(4), Sch 1 Pt 1 para 9: dim cais dan s37 yn y 6 mis cyntaf; daw'r hawl gyntaf gyda'r adnewyddiad cyntaf (hyder canolig sydd i fanylion Sch 1).
engine-rule-s47-s48-windows = MHA 1983 s69(2)(b): caiff claf s47 neu s48 wneud cais o fewn 6 mis i'r cyfarwyddyd, yna unwaith ym mhob cyfnod adnewyddu (cyfeirlyfr cyfreithiol §6).
engine-rule-restricted-transfer-first-6-months = MHA 1983 s69(2)(b): caiff claf a drosglwyddwyd dan gyfyngiadau hefyd wneud cais o fewn 6 mis cyntaf y cyfarwyddyd (cyfeirlyfr cyfreithiol §6).
engine-rule-cpia-as-s37-41 = CP(I)A 1964: yn cael ei drin fel gorchymyn ysbyty gyda gorchymyn cyfyngu (s37/41); os na wnaeth y llys orchymyn cyfyngu, cofnodwch s37 yn lle hynny (cyfeirlyfr cyfreithiol §10).
engine-rule-s45a-no-first-6-months = MHA 1983 s70, s69(2): nid oes gan glaf s45A hawl yn y 6 mis cyntaf (mae cleifion a ddedfrydwyd cyn 3 Tachwedd 2008 yn cadw'r hen hawl; cyfeirlyfr cyfreithiol §6).
engine-rule-s44-no-right = MHA 1983 s44: nid yw'r cyfeirlyfr cyfreithiol yn rhoi hawl i'r claf wneud cais i'r tribiwnlys dan s44 (Llys y Goron sy'n penderfynu'r achos); gwiriwch.
engine-rule-nr-s47-s48-as-s37 = MHA 1983 s69(1)(a) gyda s55(4): caiff perthynas agosaf claf s47 neu s48 wneud cais yn yr un cyfnodau ag ar gyfer s37 (cyfeirlyfr cyfreithiol §6).

# Y dyddiadau y gall rhybudd diwedd mis eu henwi (imha_law::text::dates), ar ôl "Mae": pob un
# yn bendant drwy'r genidol ("dyddiad diwedd y cyfnod"), heb fannod o'i flaen.
engine-date-interim-order-maximum = dyddiad olaf posibl y gorchymyn ysbyty interim
engine-date-status-start = dyddiad dechrau'r statws
engine-date-period-start = dyddiad dechrau'r cyfnod presennol
engine-date-period-end = dyddiad diwedd y cyfnod presennol
engine-date-s58-certificate = dyddiad y dystysgrif s58
engine-date-s68-6-reference = dyddiad yr atgyfeiriad s68(6)
engine-date-s68-six-month-end = dyddiad diwedd y cyfnod chwe mis s68
engine-date-s68-reference = dyddiad yr atgyfeiriad s68
engine-date-s75-1-a-reference = dyddiad yr atgyfeiriad s75(1)(a)
engine-date-s71-2-reference = dyddiad yr atgyfeiriad s71(2)
engine-date-s75-reference = dyddiad yr atgyfeiriad s75
engine-date-window-start = dyddiad cyntaf y cyfnod i wneud cais i'r tribiwnlys
engine-date-window-end = dyddiad olaf y cyfnod i wneud cais i'r tribiwnlys

# Pam mae cyfnod yn parhau y tu hwnt i'w ddiwedd arferol (imha_law::text::reasons).
engine-reason-nr-displacement-pending = gwnaed cais i ddisodli'r perthynas agosaf ar sail (c) neu (d) tra oedd s2 mewn grym
