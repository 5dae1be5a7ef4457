# English.
app-name = LKSA Accreditation
footer-privacy = Children's data is confidential (Law 27/2022 on personal data). Evidence photos are never shown to the public.
nav-label = Main navigation
nav-home = Home
nav-profile = Institution profile
nav-instrument = Instrument
nav-logout = Sign out
lang-label = Language

role-institution_manager = Institution manager
role-assessor = Assessor
role-supervisor = Assessor supervisor
role-dinsos_officer = Social Affairs officer
role-administrator = Administrator

state-draft = Self-assessment draft
state-submitted = Submitted
state-returned = Returned for revision
state-accepted = Complete, awaiting assignment
state-assessors_assigned = Assessors assigned
state-visited = Visit completed
state-reconciled = Scores reconciled
state-decided = Decided
state-appealed = Under appeal
state-expired = Expired

duty-assessor = Assessor
duty-supervisor = Supervisor

error-title = This page cannot be shown
error-not-signed-in = Please sign in first.
error-forbidden = You are not allowed to do this.
error-not-found = Not found, or outside your institution or region.
error-internal = Something went wrong on the server. What was saved is safe; please try again.
error-network = The connection to the server was lost. Check the network and try again.
error-csrf = Request refused because it did not come from this application's pages. Reload the page and try again.
not-found-title = Page not found
not-found-body = The address you opened does not exist. Check the link or go back home.
loading = Loading…

home-title = Home
home-next-step = Next step
home-cycle-state = Accreditation status:
home-instrument-version = instrument version { $version }
home-legal = Legal documents
home-open-profile = Open institution profile
home-open-instrument = View instrument
home-manager-eyebrow = Your institution
next-manager-legal = Complete or renew the registration and operating permit. The self-assessment can start once both are valid.
next-manager-start = Start the self-assessment for the next accreditation cycle.
next-manager-draft = Continue the self-assessment: give a score, narrative and evidence for every indicator, then submit.
next-manager-returned = Social Affairs returned your application. Fix the indicators with comments, then resubmit.
next-manager-submitted = Social Affairs is checking your application for completeness. Nothing to do right now.
next-manager-visit = Prepare for the assessors' visit: have original documents ready and caregivers available for interviews.
next-manager-wait-decision = The visit is done. The result is being validated and awaits a decision by Social Affairs.
next-manager-decided = The accreditation decision has been issued. Keep an eye on your certificate's validity.

home-dinsos-eyebrow = Your region
home-dinsos-to-check = applications awaiting a completeness check
home-dinsos-to-assign = complete applications awaiting assessors
home-dinsos-visits = visits scheduled
home-dinsos-to-decide = results awaiting your decision
home-dinsos-awaiting-decision = results awaiting a decision by an approving officer
home-dinsos-accredited = institutions decided
home-dinsos-institutions = Institutions in your region: { $count }
home-dinsos-permits = Operating permits expired or expiring soon

home-assessor-eyebrow = Your assignments
home-assessor-count = Assignments: { $count }
home-assessor-none = No assignments yet. Social Affairs will assign you to institutions.
home-visit-on = Visit on { $date }
home-visit-unscheduled = Visit not yet scheduled

home-admin-eyebrow = System administration
home-admin-title = System overview
home-admin-institutions = registered institutions
home-admin-users = active users
home-admin-cycles = accreditation cycles
home-admin-instrument = Active version { $version } with { $count } indicators.
home-admin-no-instrument = No instrument loaded yet.

doc-registration = Registration
doc-permit = Operating permit
doc-missing = Missing
doc-valid = Valid until { $date }
doc-expiring = Expires soon: { $date }
doc-expired = Expired since { $date }

profile-eyebrow = Institution profile
profile-address = Address
profile-region = Regency/city
profile-foundation = Operating foundation
profile-capacity = Capacity
profile-children = Children in care
profile-staff = Caregivers and staff

login-title = Sign in
login-intro = Use the account given to you by Social Affairs or the administrator.
login-username = Username
login-password = Password
login-show = Show
login-hide = Hide
login-submit = Sign in
login-error-invalid = Wrong username or password.
login-error-locked = Too many failed attempts. Wait 15 minutes and try again.
login-signed-out = You have signed out.

instrument-version = Version { $version }
instrument-count = { $count } indicators
instrument-search = Search indicators
instrument-search-placeholder = Code or keyword, e.g. APAR or PP.3
instrument-critical-only = Critical indicators only (child protection)
instrument-shown = Showing { $shown } of { $total } indicators
instrument-rubric = Scoring rubric 0–4
instrument-component-meta = weight { $weight } · { $count } indicators
instrument-weight = weight { $weight }
instrument-critical = Critical
instrument-details = Guidance, evidence and descriptors
instrument-guidance = Guidance:
instrument-evidence = Evidence:
evidence-document = document
evidence-photo = photo
evidence-interview = interview
evidence-observation = observation

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
