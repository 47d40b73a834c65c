# The referral form at /refer (src/pages/refer/*.rs, templates/pages/refer/*.html).
# Messages with $voice say "you" ([own]: the person refers themself) or "they" ([other]).
# The English here must stay as the form always said it (the referral tests assert it).

# Start page
refer-start-title = Ask for an independent mental health advocate
refer-start-lede = Use this form to ask for an advocate for yourself, or for someone you care for or work with.
refer-start-what-heading = What an advocate does
refer-start-what = An independent mental health advocate (IMHA) is on the side of the person under the Mental Health Act. They do not work for the hospital or the council. An advocate can help you:
refer-start-free = It is free. What you tell us is confidential: we only share it without permission if someone is at risk of serious harm. Read our
refer-start-privacy-link = privacy notice
refer-start-ask-heading = What we will ask
refer-start-ask-who = who is making the referral
refer-start-ask-name = the person's name, and their date of birth and NHS number if you know them
refer-start-ask-where = where they are, and how to contact them
refer-start-ask-section = which section of the Mental Health Act they are on, if you know
refer-start-ask-help = what help they would like, and any help they need to communicate
refer-start-ask-consent = if you are referring someone else: whether they know about it, and your contact details
refer-start-time = It usually takes between 3 and 10 minutes. We keep your answers for { $hours } hours while you fill in the form. If you do not send them, we delete them.
refer-start-button = Start now
refer-start-other-heading = Other ways to ask
refer-start-other = You can also contact us:
refer-start-ward = If you are in hospital, the ward staff can contact us for you.
refer-honeypot = Leave this blank

# When the answers cannot be used
refer-other-ways-heading = Other ways to ask for an advocate
refer-start-again = Start again
refer-expired-heading = Your answers have been deleted
refer-expired-p1 = To keep them private, we delete answers { $hours } hours after the last change. Nothing was sent.
refer-expired-p2 = You can start again. It takes about 10 minutes.
refer-lost-heading = We cannot find your answers
refer-lost-p1 = If you pressed Send referral more than once, your referral was sent the first time and we will be in touch. Contact us if you are not sure.
refer-lost-p2 = Otherwise, your answers were deleted because nothing changed for { $hours } hours. We do this to keep them private.
refer-blocked-heading = Your referral could not be sent
refer-blocked-p1 = The form was filled in in a way that looked automatic, so we did not send it and have deleted the answers.
refer-blocked-p2 = Please contact us instead:

# Question pages: headings
refer-q-who = Who is making this referral?
refer-q-name = { $voice ->
    [own] What is your name?
   *[other] What is the name of the person you are referring?
}
refer-q-date-of-birth = { $voice ->
    [own] What is your date of birth?
   *[other] What is their date of birth?
}
refer-q-nhs-number = { $voice ->
    [own] What is your NHS number?
   *[other] What is their NHS number?
}
refer-q-where = { $voice ->
    [own] Where are you now?
   *[other] Where are they now?
}
refer-q-hospital = { $voice ->
    [own] Which hospital are you in?
   *[other] Which hospital are they in?
}
refer-q-address = { $voice ->
    [own] What is your address?
   *[other] What is the address where we can contact them?
}
refer-q-contact = { $voice ->
    [own] How can we contact you?
   *[other] How can we contact them?
}
refer-q-section = { $voice ->
    [own] Which section or order are you on?
   *[other] Which section or order are they on?
}
refer-q-country = Is the hospital in England or Wales?
refer-q-help = { $voice ->
    [own] What would you like help with?
   *[other] What would they like help with?
}
refer-q-communication = { $voice ->
    [own] Do you need any help to communicate?
   *[other] Do they need any help to communicate?
}
refer-q-knows = Does { $person } know about this referral?
refer-q-agrees = Does { $person } agree to this referral?
refer-q-before-visiting = { $voice ->
    [own] Is there anything the advocate should know before visiting you?
   *[other] Is there anything the advocate should know before visiting them?
}
refer-q-about-you = Your details
refer-the-person = the person

# Question pages: choices, labels and hints
refer-who-self = I want an advocate for myself
refer-who-nearest-relative = I am the person's nearest relative
refer-who-nearest-relative-hint = The Mental Health Act gives one relative this role, usually the closest. The hospital will have told them.
refer-who-carer = I am a carer, friend or family member
refer-who-professional = I am a professional
refer-who-professional-hint = For example a nurse, doctor, social worker or support worker
refer-who-hint = You can ask for an advocate for yourself or for someone else.
refer-given-name = First name
refer-family-name = Last name
refer-dob-hint = For example, 27 3 1985. Leave this blank if you do not know it.
refer-date-day = Day
refer-date-month = Month
refer-date-year = Year
refer-nhs-hint = It is 10 digits long, like 485 777 3456. You can find it on letters from the NHS. Leave this blank if you do not know it.
refer-in-hospital = In hospital
refer-in-community = In the community
refer-in-community-hint = For example at home, or in supported housing
refer-hospital-name = Name of the hospital
refer-ward = Ward (optional)
refer-address-hint = { $voice ->
    [own] Where we can write to or visit you.
   *[other] Where we can write to or visit them.
}
refer-contact-own-hospital = Give a phone number or an email address if you have one. If not, leave these blank and we will contact you on the ward.
refer-contact-own = Give a phone number or an email address, or both.
refer-contact-other = Leave these blank if you do not know them.
refer-phone = Phone number
refer-email = Email address
refer-not-sure = I'm not sure
refer-section-hint = { $voice ->
    [own] It is on the letter the hospital gave you about your rights.
   *[other] It is on the letter the hospital gave them about their rights. If you do not know, select I'm not sure.
}
refer-country-hint = { $voice ->
    [own] The law is different in Wales. If you are on a community treatment order, this is the hospital in charge of it. If you are under guardianship, it is where the council is.
   *[other] The law is different in Wales. If they are on a community treatment order, this is the hospital in charge of it. If they are under guardianship, it is where the council is.
}
refer-england = England
refer-wales = Wales
refer-help-other-label = { $voice ->
    [own] What else would you like help with?
   *[other] What else would they like help with?
}
refer-select-all = Select all that apply.
refer-long-hint = You can enter up to { $max } characters.
refer-interpreter = An interpreter
refer-interpreter-language = Which language?
refer-bsl = British Sign Language (BSL)
refer-easy-read = Easy Read information
refer-easy-read-hint = Short sentences with pictures
refer-something-else = Something else
refer-communication-other = What help is needed?
refer-none-of-these = No, none of these
refer-communication-hint = For example, to talk with an advocate or to read letters. Select all that apply.
refer-knows-hint = An advocate will still contact them to explain how an advocate can help. They can then decide.
refer-agrees-hint = An advocate only works with a person who wants their help, or who cannot say what they want.
refer-before-visiting-hint = For example, a risk to anyone's safety, the best time to visit, or someone who should not be told. Leave this blank if there is nothing. { $long }
refer-about-you-intro = We will only use these to contact you about this referral. Give a phone number or an email address, or both.
refer-your-full-name = Your full name
refer-your-job-title = Your job title (optional)
refer-organisation-optional = Organisation (optional)
refer-your-phone = Your phone number
refer-your-email = Your email address

# The kinds of help (imha_core::referrals::HelpKind, by id). English: HelpKind::label, with
# "their" as "your" when the person refers themself.
help-kind-rights = Understand { $voice ->
    [own] your
   *[other] their
} rights under the Mental Health Act
help-kind-tribunal = Ask for a review of { $voice ->
    [own] your
   *[other] their
} section or apply to a tribunal
help-kind-concerns = Raise concerns about { $voice ->
    [own] your
   *[other] their
} experience or care
help-kind-treatment = Find out about { $voice ->
    [own] your
   *[other] their
} treatment
help-kind-meetings = Prepare for and go to meetings
help-kind-care-planning = Be involved in planning { $voice ->
    [own] your
   *[other] their
} care
help-kind-conditions = Find out about conditions or restrictions
help-kind-ward-rounds = Speak up at ward rounds and care reviews
help-kind-other = Something else

# Yes, no, not sure (imha_core::referrals::Answer, by id)
answer-yes = Yes
answer-no = No
answer-not-sure = Not sure

# The statuses' hints about someone else (the others say neither "you" nor "your")
status-s7-hint-other = A guardian, usually the council, can make some decisions for them
status-informal-hint-other = In hospital for their mental health without being on a section

# Problems the page itself finds
refer-error-section = Select the section or order, or select I'm not sure
refer-error-country = Select England or Wales
refer-error-communication = Select the help needed to communicate, or select No, none of these
refer-error-interpreter-language = Enter the language the interpreter should speak
refer-error-communication-other = Describe the help needed to communicate
refer-error-dob-missing = Date of birth must include a { $parts }
refer-error-dob-real = Date of birth must be a real date
refer-error-year-digits = Year must include 4 numbers
refer-error-and = and
refer-part-day = day
refer-part-month = month
refer-part-year = year

# Problems the domain finds (imha_core::referrals::validate), by field and kind. Each English
# message here is exactly the domain's (a test in src/pages/refer/messages.rs checks).
refer-error-referrer = Select who is making the referral
refer-error-given-name = Enter the first name of the person who wants an advocate
refer-error-family-name = Enter the last name of the person who wants an advocate
refer-error-whereabouts = Select whether the person is in hospital or in the community
refer-error-hospital-name = Enter the name of the hospital
refer-error-address = Enter the address where the person can be contacted
refer-error-help-list = Select the kinds of help from the list
refer-error-help = Select what help the person wants, or select Something else
refer-error-help-other = Describe the other help the person wants
refer-error-knows = Select whether the person knows about this referral
refer-error-agrees = Select whether the person agrees to this referral
refer-error-phone-or-email = Enter a phone number or an email address so we can contact you
refer-error-referrer-name = Enter your name
refer-error-referrer-contact = Enter your phone number or email address so we can contact you
refer-error-nhs-digits = NHS number must be 10 digits
refer-error-nhs-check = NHS number check digit does not match
refer-error-too-long = { $what } must be { $max } characters or fewer
refer-error-special = { $what } must not contain special characters
refer-error-date-past = { $what } must be today or in the past
refer-error-date-1900 = { $what } must be after 1900
refer-error-phone-format = { $what } must be a phone number, like 01632 960 001 or +44 808 157 0192
refer-error-email-format = { $what } must be in the right format, like name@example.com
# What each field is called in those messages (by field)
refer-what-given_name = First name
refer-what-family_name = Last name
refer-what-date_of_birth = Date of birth
refer-what-hospital_name = Hospital
refer-what-ward = Ward
refer-what-address = Address
refer-what-phone = Phone number
refer-what-email = Email address
refer-what-help_other = Other help
refer-what-interpreter_language = Language
refer-what-communication_other = Other communication needs
refer-what-risk = What the advocate should know
refer-what-referrer_name = Your name
refer-what-referrer_role = Your role
refer-what-referrer_organisation = Organisation
refer-what-referrer_phone = Your phone number
refer-what-referrer_email = Your email address

# Check your answers
refer-check-heading = Check your answers before sending your referral
refer-check-send-heading = Now send your referral
refer-check-confirm = By sending this referral you confirm that the answers are right, as far as you know.
refer-check-send = Send referral
refer-change = Change
refer-not-given = Not given
refer-not-known = Not known
refer-nothing = Nothing
refer-none = None
refer-ward-is = Ward: { $ward }
refer-interpreter-is = An interpreter: { $language }
refer-something-else-is = Something else: { $text }
refer-row-who = Who is making the referral
refer-row-name = Name
refer-row-dob = Date of birth
refer-row-nhs = NHS number
refer-row-where = Where
refer-row-hospital = Hospital
refer-row-address = Address
refer-row-phone = Phone number
refer-row-email = Email address
refer-row-section = Section or order
refer-row-country = England or Wales
refer-row-help = Help with
refer-row-communication = Help to communicate
refer-row-knows = Knows about the referral
refer-row-agrees = Agrees to the referral
refer-row-before-visiting = Before visiting
refer-row-your-name = Your name
refer-row-job-title = Job title
refer-row-organisation = Organisation
refer-row-your-phone = Your phone number
refer-row-your-email = Your email address
refer-section-person = { $voice ->
    [own] About you
   *[other] About the person
}
refer-section-help = The help wanted
refer-section-you = About you

# Confirmation
refer-sent-title = Referral sent
refer-sent-reference = Your reference number
refer-sent-may-not = { $voice ->
    [own] You may not be able to get an IMHA
   *[other] The person may not be able to get an IMHA
}
refer-sent-law = The law: { $basis }.
refer-sent-still = { $voice ->
    [own] We have still sent your referral. We will check your situation and contact you.
   *[other] We have still sent your referral. We will check their situation and contact you or them.
}
refer-sent-others-intro = Other advocates may be able to help:
refer-sent-others-care-act = Care Act advocacy, if the council is assessing care and support needs: ask the local council (in Wales, ask about advocacy under the Social Services and Well-being Act)
refer-sent-others-imca = an independent mental capacity advocate (IMCA), for someone who cannot make an important decision themselves and has nobody else to help: ask the hospital or the council
refer-sent-others-nhs = NHS complaints advocacy, to complain about NHS care: ask the local council who provides it
refer-sent-next-heading = What happens next
refer-sent-next = { $voice ->
    [own] { $service } has your referral. We aim to contact you within { $days } working days.
   *[other] { $service } has your referral. We aim to contact you or the person within { $days } working days.
}
refer-sent-emailed = We will also email you your reference.
refer-sent-keep = Keep your reference. Quote it if you contact us about this referral.
refer-sent-qualifies = { $voice ->
    [own] From what you told us, you have the right to an IMHA ({ $basis }).
   *[other] From what you told us, the person has the right to an IMHA ({ $basis }).
}
refer-sent-unknown = { $voice ->
    [own] We will check whether you can have an IMHA.
   *[other] We will check whether the person can have an IMHA.
}
refer-sent-talk-heading = If you need to talk to us
refer-sent-feedback = Tell us what you thought of this form
refer-why-informal-england = { $voice ->
    [own] In England, people in hospital without being on a section do not have the right to an IMHA, unless a doctor talks with them about certain treatments, such as ECT. If you are put on a section, you will have the right.
   *[other] In England, people in hospital without being on a section do not have the right to an IMHA, unless a doctor talks with them about certain treatments, such as ECT. If they are put on a section, they will have the right.
}
refer-why-informal-wales = { $voice ->
    [own] In Wales, people who are not on a section have the right to an IMHA while they are staying in hospital for their mental health. If you are not staying in hospital, you do not have that right.
   *[other] In Wales, people who are not on a section have the right to an IMHA while they are staying in hospital for their mental health. If they are not staying in hospital, they do not have that right.
}
refer-why-short = { $voice ->
    [own] { $label } is a short emergency power. The law does not give people on it the right to an IMHA. If you are then kept in hospital on another section, such as section 2 or 3, you will have the right.
   *[other] { $label } is a short emergency power. The law does not give people on it the right to an IMHA. If they are then kept in hospital on another section, such as section 2 or 3, they will have the right.
}
refer-why-not = The law does not give people on { $label } the right to an IMHA.
refer-this-section = this section

# Shared
form-back = Back
