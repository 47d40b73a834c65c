# The resource library (/resources: src/pages/resources/mod.rs, templates/pages/resources/*).
# The catalogue's Welsh titles, summaries and links come from content/resources.yaml
# (title_cy, summary_cy, publisher_cy, text_cy); a name with no Welsh form stays English,
# marked lang="en". Leaflets with a Welsh version (content/leaflets/cy) are shown in Welsh;
# the others in English with res-only-english.

res-title = Resources
res-intro = Leaflets about your rights, the law on independent mental health advocacy, and guidance for staff and commissioners. We wrote every summary in plain English and check each one by the date shown.
res-filter = Filter
res-search = Search titles and summaries
res-who-for = Who it is for
res-topic = Topic
res-show = Show resources
res-clear = Clear filters
res-count-one = 1 resource
res-count = { $count } resources
res-count-one-filtered = 1 resource match your filters
res-count-filtered = { $count } resources match your filters
res-none-before = Try fewer filters or other words, or
res-none-link = see everything
res-official = Official text from { $publisher }
res-easy-read = Easy Read version
res-easy-read-of = of { $title }
res-entry-meta = For { $audience }. Topics: { $topics }. Last reviewed { $date }.
res-group-leaflets = Leaflets for patients and families
res-group-legislation = Legislation
res-group-guidance = Guidance and reports
res-group-staff = For staff
res-group-commissioners = For commissioners
res-group-added = Added by the service
res-audience-patients-and-families = Patients and families
res-audience-staff = Staff
res-audience-commissioners = Commissioners
res-for-patients-and-families = patients and families
res-for-staff = staff
res-for-commissioners = commissioners
res-pdf-size = { $summary } (PDF, { $kb } KB)
res-topic-imha = Independent mental health advocacy
res-topic-rights = Your rights
res-topic-detention = Being detained in hospital
res-topic-treatment = Treatment and medicine
res-topic-tribunal = The tribunal
res-topic-nearest-relative = Nearest relative
res-topic-cto = Community treatment orders
res-topic-guardianship = Guardianship
res-topic-conditional-discharge = Conditional discharge
res-topic-information = Your information
res-topic-law = The law
res-topic-duty-to-inform = The duty to inform
res-topic-referral = Referral
res-topic-opt-out = Opt-out referral
res-topic-commissioning = Commissioning
res-topic-quality = Service quality
res-topic-outcomes = Measuring impact

# A leaflet's page
res-back = Back to resources
res-read-full = Read the full leaflet
res-download = { $easy ->
    [yes] Download this Easy Read leaflet as a PDF
   *[no] Download this leaflet as a PDF
}
res-download-note = (accessible, for printing)
res-get-advocate = To get an advocate,
res-ask-link = ask for an advocate
res-or = or
res-contact-link = contact us
res-about = About this leaflet
res-reviewed = Last reviewed { $last }. Next review due by { $due }. Checked by:
res-law = The law this leaflet relies on
res-only-english = This leaflet is only available in English for now.
res-welsh-draft = This Welsh leaflet was drafted by machine and is awaiting review by a Welsh speaker. The English version is the reviewed text.
