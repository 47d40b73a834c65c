# The shared layout (templates/base.html): header, navigation, banners, footer.
# Ids are kebab-case, prefixed by where they appear. Every message here must also be in
# ../cy/layout.ftl (the catalogue test checks it).

skip-link = Skip to main content
service-information = Service information
nav-menu-label = Menu
nav-menu-button = Menu
nav-home = Home
nav-eligibility = Can I get an IMHA?
nav-my-dates = What are my dates?
nav-refer = Ask for an advocate
# For the library helper's /resources pages: pages::NAV gets ("/resources", "nav-resources").
nav-resources = Resources
phase-tag = Beta
phase-before-link = This is a new service.
phase-link = Tell us what you think
phase-after-link = so we can make it better.
footer-support-links = Support links
footer-accessibility = Accessibility statement
footer-privacy = Privacy notice
footer-contact = Contact us
footer-independent = { $service } is an independent advocacy service. It is not part of the hospital, the council or the NHS.
review-notice-title = Translation awaiting review
review-notice = The Welsh text on this service was drafted by machine and is awaiting review by a Welsh speaker. If anything is unclear, read the English version or contact us.
not-translated = This page is not in Welsh yet. It is shown in English.
