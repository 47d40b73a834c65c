# Translation status: machine-drafted, awaiting review by a Welsh speaker
# Y cynllun cyffredin (templates/base.html): pennyn, llywio, baneri, troedyn.

skip-link = Neidio i'r prif gynnwys
service-information = Gwybodaeth am y gwasanaeth
nav-menu-label = Dewislen
nav-menu-button = Dewislen
nav-home = Hafan
nav-eligibility = A allaf gael IMHA?
nav-my-dates = Beth yw fy nyddiadau?
nav-refer = Gofyn am eiriolwr
nav-resources = Adnoddau
phase-tag = Beta
phase-before-link = Mae hwn yn wasanaeth newydd.
phase-link = Dywedwch wrthym beth yw eich barn
phase-after-link = er mwyn i ni allu ei wella.
footer-support-links = Dolenni cymorth
footer-accessibility = Datganiad hygyrchedd
footer-privacy = Hysbysiad preifatrwydd
footer-contact = Cysylltu â ni
footer-independent = Mae { $service } yn wasanaeth eirioli annibynnol. Nid yw'n rhan o'r ysbyty, y cyngor na'r GIG.
review-notice-title = Cyfieithiad yn aros am adolygiad
review-notice = Peiriant a ddrafftiodd y testun Cymraeg ar y gwasanaeth hwn, ac mae'n aros i siaradwr Cymraeg ei adolygu. Os oes unrhyw beth yn aneglur, darllenwch y fersiwn Saesneg neu cysylltwch â ni.
not-translated = Nid yw'r dudalen hon ar gael yn Gymraeg eto. Mae'n cael ei dangos yn Saesneg.
