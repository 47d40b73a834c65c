# Translation status: machine-drafted, awaiting review by a Welsh speaker
# Y llyfrgell adnoddau (/resources). Daw teitlau, crynodebau a dolenni'r catalog yn Gymraeg o
# content/resources.yaml (title_cy, summary_cy, publisher_cy, text_cy); mae teitl neu enw heb
# ffurf Gymraeg yn aros yn Saesneg, wedi'i farcio lang="en". Mae taflenni sydd â fersiwn
# Gymraeg yn cael eu dangos yn Gymraeg; y lleill yn Saesneg gyda res-only-english.

res-title = Adnoddau
res-intro = Taflenni am eich hawliau, y gyfraith ar eiriolaeth iechyd meddwl annibynnol, a chanllawiau ar gyfer staff a chomisiynwyr. Rydym wedi ysgrifennu pob crynodeb mewn iaith glir ac yn gwirio pob un erbyn y dyddiad a ddangosir.
res-filter = Hidlo
res-search = Chwilio teitlau a chrynodebau
res-who-for = Ar gyfer pwy
res-topic = Pwnc
res-show = Dangos adnoddau
res-clear = Clirio'r hidlwyr
res-count-one = 1 adnodd
res-count = { $count } adnodd
res-count-one-filtered = 1 adnodd yn cyfateb i'ch hidlwyr
res-count-filtered = { $count } adnodd yn cyfateb i'ch hidlwyr
res-none-before = Rhowch gynnig ar lai o hidlwyr neu eiriau eraill, neu
res-none-link = gweld y cyfan
res-official = Testun swyddogol gan { $publisher }
res-easy-read = Fersiwn Hawdd ei Deall
res-easy-read-of = o { $title }
res-entry-meta = Ar gyfer { $audience }. Pynciau: { $topics }. Adolygwyd ddiwethaf { $date }.
res-group-leaflets = Taflenni ar gyfer cleifion a theuluoedd
res-group-legislation = Deddfwriaeth
res-group-guidance = Canllawiau ac adroddiadau
res-group-staff = Ar gyfer staff
res-group-commissioners = Ar gyfer comisiynwyr
res-group-added = Wedi'u hychwanegu gan y gwasanaeth
res-audience-patients-and-families = Cleifion a theuluoedd
res-audience-staff = Staff
res-audience-commissioners = Comisiynwyr
res-for-patients-and-families = cleifion a theuluoedd
res-for-staff = staff
res-for-commissioners = comisiynwyr
res-pdf-size = { $summary } (PDF, { $kb } KB)
res-topic-imha = Eiriolaeth iechyd meddwl annibynnol
res-topic-rights = Eich hawliau
res-topic-detention = Cael eich cadw yn yr ysbyty
res-topic-treatment = Triniaeth a meddyginiaeth
res-topic-tribunal = Y tribiwnlys
res-topic-nearest-relative = Perthynas agosaf
res-topic-cto = Gorchmynion triniaeth gymunedol
res-topic-guardianship = Gwarcheidiaeth
res-topic-conditional-discharge = Rhyddhau amodol
res-topic-information = Eich gwybodaeth
res-topic-law = Y gyfraith
res-topic-duty-to-inform = Y ddyletswydd i roi gwybod
res-topic-referral = Atgyfeirio
res-topic-opt-out = Atgyfeirio optio allan
res-topic-commissioning = Comisiynu
res-topic-quality = Ansawdd y gwasanaeth
res-topic-outcomes = Mesur effaith

# Tudalen taflen
res-back = Yn ôl i'r adnoddau
res-read-full = Darllen y daflen lawn
res-download = { $easy ->
    [yes] Lawrlwytho'r daflen Hawdd ei Deall hon fel PDF
   *[no] Lawrlwytho'r daflen hon fel PDF
}
res-download-note = (hygyrch, i'w hargraffu)
res-get-advocate = I gael eiriolwr,
res-ask-link = gofynnwch am eiriolwr
res-or = neu
res-contact-link = cysylltwch â ni
res-about = Am y daflen hon
res-reviewed = Adolygwyd ddiwethaf { $last }. Adolygiad nesaf erbyn { $due }. Gwiriwyd gan:
res-law = Y gyfraith y mae'r daflen hon yn dibynnu arni
res-only-english = Dim ond yn Saesneg y mae'r daflen hon ar gael ar hyn o bryd.
res-welsh-draft = Peiriant a ddrafftiodd y daflen Gymraeg hon, ac mae'n aros am adolygiad gan siaradwr Cymraeg. Y fersiwn Saesneg yw'r testun a adolygwyd.
