# Translation status: machine-drafted, awaiting review by a Welsh speaker
# Tudalennau cyhoeddus: hafan, hygyrchedd, preifatrwydd, cysylltu.

# Hafan
home-title = Help gan eiriolwr iechyd meddwl annibynnol
home-lede = Mae eiriolwr iechyd meddwl annibynnol (IMHA) yn rhywun sydd ar eich ochr chi tra byddwch o dan y Ddeddf Iechyd Meddwl. Nid ydynt yn gweithio i'r ysbyty na'r cyngor.
home-free = Mae eu help am ddim. Chi sy'n dewis a ydych am ei gael. Gallwch stopio ar unrhyw adeg.
home-who-heading = Pwy all gael IMHA
home-who-intro = Mae gennych hawl i IMHA os ydych:
home-who-detained = yn cael eich cadw yn yr ysbyty o dan adran o'r Ddeddf Iechyd Meddwl (ond nid yr adrannau byr 4, 5, 135 neu 136 yn Lloegr)
home-who-cto = ar orchymyn triniaeth gymunedol (CTO)
home-who-guardianship = o dan warcheidiaeth
home-who-conditional = ar ryddhad amodol o orchymyn ysbyty cyfyngedig
home-who-treatments = Efallai y bydd gennych yr hawl hefyd os yw meddygon yn siarad â chi am rai triniaethau arbennig, fel ECT pan fyddwch o dan 18 oed. Yng Nghymru, gall pobl sydd yn yr ysbyty ar gyfer eu hiechyd meddwl heb gael eu cadw o dan adran gael IMHA hefyd.
home-check-link = Gwirio a allwch gael IMHA
home-help-heading = Sut y gall IMHA helpu
home-help-intro = Gall IMHA eich helpu i:
home-next-heading = Beth i'w wneud nesaf
home-next-eligibility = A allaf gael IMHA?
home-next-dates-link = Beth yw fy nyddiadau?
home-next-dates-text = Darganfod pryd y daw eich adran i ben a phryd y gallwch ofyn i dribiwnlys ei dod i ben.
home-next-refer-link = Eich atgyfeirio eich hun neu rywun arall
home-next-refer-text = at eiriolwr. Mae'n cymryd tua 10 munud.
home-next-contact-text = i ofyn cwestiwn, neu i ofyn am eiriolwr dros y ffôn neu drwy e-bost.
home-inset = Rhaid i staff y ward ddweud wrthych am IMHAs, drwy siarad â chi ac yn ysgrifenedig, cyn gynted ag y gallant ar ôl i chi gael eich cadw o dan adran. Gallwch ofyn iddynt gysylltu â ni ar eich rhan.
# Y mathau o help
help-rights = deall eich hawliau o dan y Ddeddf Iechyd Meddwl
help-tribunal = gofyn am adolygiad o'ch adran a gwneud cais i dribiwnlys iechyd meddwl
help-concerns = codi pryderon am eich profiad neu eich gofal yn yr ysbyty
help-treatment = cael gwybod am eich triniaeth
help-meetings = paratoi ar gyfer cyfarfodydd a mynd iddynt
help-planning = cymryd rhan lawn wrth gynllunio eich gofal
help-conditions = cael gwybod a oes unrhyw amodau neu gyfyngiadau yn berthnasol i chi
help-ward-rounds = codi llais mewn rowndiau ward ac adolygiadau gofal
# Cysylltu
contact-intro = Cysylltwch â { $service } i ofyn am eiriolwr, i ofyn cwestiwn, neu i ddweud wrthym beth yw eich barn am y wefan hon.
contact-ward-staff = Os ydych yn yr ysbyty, rhaid i staff y ward eich helpu i gysylltu â ni. Gallant hefyd ofyn i ni ymweld â chi.
contact-none = Nid yw { $service } wedi ychwanegu ei fanylion cyswllt at y wefan hon eto. Gofynnwch i'r staff ar eich ward, neu i'ch cydgysylltydd gofal, eich rhoi mewn cysylltiad.
contact-phone = Ffôn:
contact-email = E-bost:
contact-post = Post:
# Datganiad hygyrchedd
a11y-intro = { $service } sy'n rhedeg y wefan hon. Rydym am i gymaint o bobl â phosibl allu ei defnyddio. Dylech allu:
a11y-colours = newid lliwiau, lefelau cyferbyniad a ffontiau gan ddefnyddio gosodiadau eich porwr neu eich dyfais
a11y-zoom = chwyddo hyd at 400% heb i'r testun ddisgyn oddi ar y sgrin
a11y-keyboard = symud o gwmpas y wefan gan ddefnyddio bysellfwrdd yn unig
a11y-no-js = defnyddio'r wefan gyda JavaScript wedi'i ddiffodd
a11y-screen-reader = gwrando ar y rhan fwyaf o'r wefan gan ddefnyddio darllenydd sgrin
a11y-simple = Rydym hefyd wedi gwneud y testun mor syml ag y gallwn.
a11y-feedback-heading = Adborth a gwybodaeth gyswllt
a11y-feedback = Os oes arnoch angen gwybodaeth ar y wefan hon mewn fformat gwahanol, fel Hawdd ei Ddeall, print bras, sain neu iaith arall, cysylltwch â ni:
a11y-report-heading = Rhoi gwybod am broblemau hygyrchedd gyda'r wefan hon
a11y-report = Rydym bob amser yn ceisio gwella hygyrchedd y wefan hon. Os dewch o hyd i unrhyw broblemau nad ydynt wedi'u rhestru ar y dudalen hon, neu os ydych yn meddwl nad ydym yn bodloni'r gofynion hygyrchedd, cysylltwch â ni.
a11y-enforcement-heading = Y drefn orfodi
a11y-enforcement = Y Comisiwn Cydraddoldeb a Hawliau Dynol (EHRC) sy'n gyfrifol am orfodi Rheoliadau Hygyrchedd Cyrff Sector Cyhoeddus (Gwefannau a Rhaglenni Symudol) (Rhif 2) 2018. Os nad ydych yn hapus â'r ffordd yr ydym yn ymateb i'ch cwyn, cysylltwch â'r Gwasanaeth Cynghori a Chymorth Cydraddoldeb (EASS).
a11y-technical-heading = Gwybodaeth dechnegol am hygyrchedd y wefan hon
a11y-technical = Rydym wedi ymrwymo i wneud y wefan hon yn hygyrch, yn unol â Rheoliadau Hygyrchedd Cyrff Sector Cyhoeddus (Gwefannau a Rhaglenni Symudol) (Rhif 2) 2018.
a11y-compliance-heading = Statws cydymffurfio
a11y-compliance = Ein nod yw i'r wefan hon gydymffurfio'n llawn â safon AA fersiwn 2.2 o Ganllawiau Hygyrchedd Cynnwys y We. Mae pob tudalen wedi'i hadeiladu o batrymau System Ddylunio GOV.UK, sy'n cael eu profi gyda phobl anabl.
a11y-testing-heading = Sut y gwnaethom brofi'r wefan hon
a11y-testing = Bob tro y mae'r wefan yn newid, mae profion awtomatig yn agor pob tudalen mewn porwr gwe go iawn ac yn ei gwirio gyda pheiriant hygyrchedd axe-core yn erbyn rheolau WCAG 2.2 AA. Mae'r profion yn methu os deuir o hyd i unrhyw broblem. Maent hefyd yn gwirio bod modd defnyddio'r tudalennau gyda bysellfwrdd yn unig.
# Hysbysiad preifatrwydd
privacy-intro = Mae'r hysbysiad hwn yn esbonio beth mae { $service } yn ei wneud â gwybodaeth amdanoch chi, a'ch hawliau.
privacy-who-heading = Pwy ydym ni
privacy-who = Mae { $service } yn darparu eiriolaeth iechyd meddwl annibynnol. Rydym yn gyfrifol am y wybodaeth yr ydym yn ei chadw amdanoch (ni yw ei "rheolydd data").
privacy-public-heading = Defnyddio'r tudalennau cyhoeddus
privacy-public = Pan fyddwch yn defnyddio "A allaf gael IMHA?" neu "Beth yw fy nyddiadau?", rydym yn cyfrifo'r ateb ac yn ei ddangos i chi. Nid ydym yn cadw'r hyn yr ydych yn ei deipio ar y tudalennau hynny. Nid ydym yn defnyddio cwcis i'ch tracio, ac nid ydym yn defnyddio dadansoddeg.
privacy-form-heading = Defnyddio'r ffurflen atgyfeirio
privacy-form = Tra byddwch yn llenwi'r ffurflen atgyfeirio, rydym yn cadw eich atebion am hyd at 4 awr fel y gallwch fynd yn ôl a'u newid. Mae cwci yn cysylltu eich porwr â'ch atebion; mae'n cynnwys cod ar hap, nid eich atebion. Os na fyddwch yn anfon y ffurflen, rydym yn dileu'r atebion ar ôl 4 awr. Pan fyddwch yn ei hanfon, mae eich atebion yn troi'n atgyfeiriad (gweler isod) ac mae'r cwci'n cael ei ddileu. Mae ail gwci yn gadael i ni ddangos eich rhif cyfeirnod i chi am 30 munud ar ôl i chi anfon y ffurflen. Mae angen y cwcis hyn er mwyn i'r ffurflen weithio, felly nid ydym yn gofyn cyn eu gosod.
privacy-lang-cookie = Os byddwch yn dewis darllen y wefan hon yn Gymraeg neu yn Saesneg, mae cwci yn cofio eich dewis am flwyddyn. Dim ond yr iaith sydd ynddo.
privacy-hospital-heading = Os yw'r ysbyty'n dweud wrthym amdanoch
privacy-hospital = Mae ysbytai yr ydym yn gweithio gyda hwy yn anfon manylion pobl sydd â hawl i eiriolwr iechyd meddwl annibynnol atom (enw, dyddiad geni, rhif GIG, ward ac adran). Mae hyn er mwyn i eiriolwr allu ymweld a dweud wrthych pa help sydd ar gael. Chi sy'n penderfynu a ydych ei eisiau. Os byddwch yn dweud na, rydym yn cofnodi hynny ac nid ydym yn cysylltu â chi eto oni bai eich bod yn gofyn.
privacy-referred-heading = Os cewch eich atgyfeirio atom
privacy-referred-intro = Os ydych chi, rhywun agos atoch neu'r ysbyty yn gofyn i ni eich helpu, rydym yn cadw:
privacy-referred-name = eich enw, eich dyddiad geni a sut i gysylltu â chi
privacy-referred-section = eich adran o'r Ddeddf Iechyd Meddwl a'i dyddiadau
privacy-referred-notes = yr hyn yr ydych am gael help ag ef, a nodiadau o'n gwaith gyda chi
privacy-lawful = Mae'r gyfraith yn gadael i ni ddefnyddio'r wybodaeth hon oherwydd bod trefnu eiriolaeth yn dasg er budd y cyhoedd (Deddf Iechyd Meddwl 1983, adrannau 130A i 130L). Gan ei bod yn ymwneud â'ch iechyd, mae'n wybodaeth "categori arbennig" ac rydym yn ei diogelu â gofal ychwanegol.
privacy-see-heading = Pwy all ei gweld
privacy-see = Dim ond yr eiriolwyr a'r rheolwyr sy'n gweithio ar eich achos all ei gweld. Bob tro y mae rhywun yn edrych ar eich cofnod, rydym yn nodi pwy edrychodd a phryd. Dim ond rhifau y mae'r cyngor sy'n talu am y gwasanaeth yn eu gweld, byth eich enw.
privacy-rights-heading = Eich hawliau
privacy-rights = Gallwch ofyn am gael gweld y wybodaeth yr ydym yn ei chadw amdanoch, gofyn i ni ei chywiro, ac mewn rhai achosion gofyn i ni ei dileu. Gallwch gwyno i Swyddfa'r Comisiynydd Gwybodaeth os ydych yn anhapus â'r ffordd yr ydym yn defnyddio eich gwybodaeth.
privacy-ask = I ofyn am eich gwybodaeth, cysylltwch â ni:
