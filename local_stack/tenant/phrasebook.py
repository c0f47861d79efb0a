"""English phrasebook: filler talk per call section and scenario beats phrased many different ways.

Two kinds of text live here:

* Filler pools (``POOLS``): generic sentences per section and speaker role. Slots in them are filled once with
  a fixed RNG when the pool is first built, so every pool entry is a fixed string. That keeps generation fast
  (a call picks entries by index) and lets per-text scans be cached. Filler never names a competitor and never
  states a money amount, so those only appear where a scenario put them.
* Scenario beats (``SCENARIOS``): per scenario, customer lines and rep responses with per-call slots
  (``{amount}``, ``{date}``, ``{competitor}`` ...) and optional hedges, so one scenario reads differently across
  calls. The generator records each filled customer line as evidence in the call's ground truth.
"""

from __future__ import annotations

import random
from functools import cache

from local_stack.tenant.catalog import PRODUCT_FEATURES

CRMS = ("Salesforce", "Salesforce", "Salesforce", "HubSpot", "HubSpot", "Microsoft Dynamics")
BI_TOOLS = (
    "spreadsheets",
    "Tableau",
    "Looker",
    "Power BI",
    "Google Sheets",
    "a homegrown dashboard",
    "Excel",
)
TEAMS = (
    "the enterprise team",
    "our SDR team",
    "the mid-market reps",
    "customer success",
    "the EMEA team",
    "our channel team",
    "the inside sales pod",
    "the renewals team",
    "new hires",
    "the field team",
)
METRICS = (
    "win rate",
    "ramp time",
    "forecast accuracy",
    "average deal size",
    "pipeline coverage",
    "sales cycle length",
    "quota attainment",
    "net revenue retention",
    "stage conversion",
)
HEADCOUNTS = (
    "twelve",
    "twenty",
    "thirty-five",
    "forty",
    "sixty",
    "eighty",
    "a hundred and twenty",
    "two hundred",
)
CADENCES = (
    "every Monday",
    "weekly",
    "every other week",
    "at the end of each month",
    "once a quarter",
    "daily",
)

_ALL_FEATURES = tuple(f for feats in PRODUCT_FEATURES.values() for f in feats)
_PRODUCTS = tuple(PRODUCT_FEATURES)

# ---------------------------------------------------------------------------------------------------------------
# Filler templates. Pool-time slots: {team} {metric} {feature} {product} {feature2} {industry}.
# Call-time slots (the customer's own facts, same all call long): {crm} {bi} {n} {cadence}.
# ---------------------------------------------------------------------------------------------------------------
_FILLER: dict[str, tuple[str, ...]] = {
    "smalltalk_rep": (
        "How was your weekend?",
        "Did you get out of the office at all last week?",
        "Are you still working from home most days?",
        "I saw the weather up your way looked pretty rough.",
        "Thanks for making the time, I know it's a busy week.",
        "How's the quarter shaping up on your side?",
        "Did you end up taking that trip you mentioned?",
        "I just got back from our sales kickoff, so I'm still catching up.",
        "Is it still raining over there?",
        "Are you ready for the holidays yet?",
    ),
    "smalltalk_cust": (
        "Pretty good, thanks, it was nice and quiet.",
        "Busy, but good busy.",
        "We finally got some sun this weekend, so that helped.",
        "The kids had a tournament, so I spent most of Saturday in a gym.",
        "Oh, it's been hectic with planning season, but we're getting there.",
        "Yeah, mostly remote, I go in on Tuesdays and Thursdays.",
        "Can't complain, honestly.",
        "It was fine, I just tried to stay off email for once.",
        "We just moved offices, so everything is still in boxes.",
        "Not bad at all, thanks for asking.",
    ),
    "setup_rep": (
        "Can you see my screen okay?",
        "Let me know if the audio cuts out, my connection has been a bit spotty today.",
        "I think we're just waiting on one more person to join.",
        "Is it okay if I record this so I don't have to take notes?",
        "Let me pull up the deck real quick.",
    ),
    "setup_cust": (
        "Yep, I can see it.",
        "Sure, recording is fine.",
        "I think my colleague is running a couple of minutes late.",
        "Audio sounds good on my end.",
        "Go ahead, we can start without them.",
    ),
    "agenda_rep": (
        "For today I'd like to spend a few minutes on where you are, then show you how {product} fits.",
        "The plan was to walk through the use cases we talked about and leave time at the end for questions.",
        "I put together a short agenda, happy to adjust it if something more urgent came up.",
        "My goal for today is to make sure we understand how {team} works before we go deeper.",
        "We have about half an hour, so I'll keep the slides short and spend most of it in the product.",
        "Last time we left off on {feature}, so I thought we'd pick up from there.",
    ),
    "discovery_q_rep": (
        "How does {team} track {metric} today?",
        "Walk me through what happens after a rep logs a call in {crm}?",
        "Who owns the forecast call {cadence}?",
        "What does your current process look like for coaching {team}?",
        "If you could fix one thing about how {team} works, what would it be?",
        "How many people would be using this on day one?",
        "What made you start looking at this now rather than next year?",
        "How are you measuring {metric} at the moment?",
        "Where does most of the manual work happen for your managers?",
        "Who else would be involved in a decision like this?",
        "What have you tried so far to improve {metric}?",
        "How do managers find out that a deal is in trouble?",
        "Is {crm} the system of record for pipeline, or is there something else?",
        "What would success look like six months after rollout?",
    ),
    "discovery_s_rep": (
        "I'd like to understand how {team} tracks {metric} today.",
        "Tell me about what happens after a rep logs a call in {crm}.",
        "I'm curious how the forecast call works {cadence}.",
        "I assume {crm} is your system of record for pipeline.",
        "I'd love to hear how coaching works for {team}.",
        "Most teams we talk to start with {metric}, so that's where I'd begin.",
        "I'll need a sense of how many people would use this on day one.",
        "Usually the managers feel the manual work the most, so let's start there.",
    ),
    "comment_rep": (
        "A lot of teams your size run the forecast call {cadence}, so that's very familiar.",
        "We usually see managers spend about a day a week chasing updates in {crm}.",
        "That lines up with what we heard from other {industry} teams.",
        "The teams that improve {metric} fastest usually start with coaching, not reporting.",
        "I'd say that's the most common setup we run into.",
        "That's helpful, because it tells me where {product} would land first.",
        "Other customers had the same issue with {bi} before they rolled out {feature}.",
        "Let me play that back to make sure I got it right.",
        "So the real gap is visibility between the reps and the managers.",
        "That's a good segue into what I wanted to show you.",
    ),
    "discovery_a_cust": (
        "Right now it's mostly {crm} and a lot of copy and paste.",
        "Honestly, {metric} lives in a spreadsheet that one person on {team} maintains.",
        "We review the forecast {cadence}, and it takes a good two hours.",
        "We have about {n} reps, plus a handful of managers.",
        "The managers listen to maybe one or two calls a week, if they're lucky.",
        "Most of our data lives in {crm}, but nobody trusts the stage fields.",
        "We rolled out {crm} last year and adoption has been mixed.",
        "The biggest gap is visibility; I only hear about slipping deals at the end of the quarter.",
        "{metric} is the number leadership keeps asking me about.",
        "We tried doing call reviews {cadence}, but it fell apart when we got busy.",
        "Our new hires take about six months to ramp, and we want to shorten that.",
        "The reps update {crm} on Friday afternoons, so everything is a week stale.",
        "It depends on the region; the EMEA team runs things a bit differently.",
        "My VP wants one place to see pipeline health without chasing people.",
        "We export everything into {bi} and build the reports by hand.",
        "Coaching is pretty ad hoc right now, it depends on the manager.",
    ),
    "demo_rep": (
        "So this is the home screen, and each card here is a deal that changed this week.",
        "If I click into this call, you can see the transcript lined up with the recording.",
        "{feature} is where most managers spend their time in {product}.",
        "Here you can filter by team, by stage, or by any field that comes over from your CRM.",
        "Everything you see here syncs back automatically, so reps don't have to retype anything.",
        "This view shows you {feature} for the whole team at a glance.",
        "Let me jump over to {product} and show you how {feature} works.",
        "You can set this up per team, so {team} can have different settings from everyone else.",
        "The topics on the left are detected automatically from what people actually say on calls.",
        "This timeline is color-coded by speaker, so you can jump straight to the customer talking.",
        "Managers can leave a comment at any moment in the call, and the rep gets notified.",
        "We pull activity from email, calendar and calls, so the picture is complete.",
        "With {feature} you can see which deals haven't had a customer meeting in two weeks.",
        "This part connects to {feature2}, which is where it really comes together.",
        "You can export any of these views, or schedule them to land in Slack {cadence}.",
        "Admins control who can see what, down to the individual call.",
        "The setup takes about a day, and most of it is just connecting the calendar.",
        "I'll show you one more thing here, which is how {feature2} surfaces patterns across calls.",
        "These numbers update every few minutes, so the forecast call always uses fresh data.",
        "Over here is the scorecard a manager fills out after listening to a call.",
        "And if I search for a phrase, it finds every call where a customer said it.",
    ),
    "demo_check_rep": (
        "Does that make sense so far?",
        "Is this roughly how you pictured it?",
        "Any questions before I move on?",
        "Would {team} use it this way, or is your process different?",
        "How does that compare with what you do today?",
    ),
    "demo_check_s_rep": (
        "Stop me anytime if something isn't clear.",
        "I'll keep going and we can take questions at the end.",
        "This is usually the part people like the most.",
        "I'll move on to the next part now.",
    ),
    "demo_q_cust": (
        "Can it pull in calls from Microsoft Teams as well?",
        "How long does the data take to sync back to {crm}?",
        "Can managers see only their own team?",
        "Does this work on mobile?",
        "Is there an API if we want to pull this into {bi}?",
        "How do you handle calls where people talk over each other?",
        "Can we customize the fields on that view?",
        "What happens to the recordings when someone leaves the company?",
        "How accurate is the transcription with accents?",
        "Can we turn off recording for certain internal meetings?",
    ),
    "demo_a_rep": (
        "Yes, that's supported out of the box.",
        "Good question, that's configurable per team.",
        "It syncs within a few minutes in most setups.",
        "There is, and it's the same API our own app uses.",
        "We handle that with speaker separation, and it's gotten really good.",
        "Admins decide that in the settings, I can show you where.",
        "That's on the roadmap for next quarter, and I can share more detail in a follow-up.",
        "Yes, and you can set retention rules per workspace.",
    ),
    "implementation_rep": (
        "We'll share a project plan with owners and dates after this call.",
        "Your onboarding manager will run a weekly check-in until go-live.",
        "Most teams are fully live within a month of signing.",
        "We usually recommend a champion on each team to answer day-to-day questions.",
        "The calendar connection is read-only, so there's nothing for IT to maintain.",
        "We'll set up {feature} together in the first week.",
        "A typical rollout for a team your size takes about four to six weeks.",
        "We'd start with a pilot group, usually one or two managers and their reps.",
        "Your admin would need about an hour with our onboarding team to connect {crm}.",
        "We assign a dedicated onboarding manager for the first ninety days.",
        "Training is usually two short sessions, one for managers and one for reps.",
        "After the pilot we'd review adoption and {metric} together before expanding.",
        "Most of the configuration can be done by your ops team without engineering.",
    ),
    "implementation_cust": (
        "We tried rolling out a tool like this before and it stalled after the pilot.",
        "I'd want the managers trained before the reps see anything.",
        "How much time will this take from my ops team each week?",
        "Can we reuse the groups we already have in {crm}?",
        "Our enablement lead would own the rollout on our side.",
        "Our ops team is pretty stretched, so the lighter the lift the better.",
        "We'd want to start with {team} since they're the most open to it.",
        "Who on our side needs to be involved in the setup?",
        "What does the training look like for the reps?",
        "We have a change freeze in the last two weeks of each quarter.",
        "IT will want to review the calendar permissions.",
        "Can we phase it by region?",
    ),
    "integration_rep": (
        "Calendar and email connect through OAuth, so no passwords are shared.",
        "There's a native Slack app for alerts and call summaries.",
        "Custom objects in {crm} can be mapped too, it just takes a bit more setup.",
        "We also push call data to your warehouse if your data team wants it.",
        "The integration respects the sharing rules you already have in {crm}.",
        "The {crm} integration is bidirectional, so fields stay in sync.",
        "We map your opportunity stages once during onboarding.",
        "Single sign-on works with Okta, Azure AD, and Google.",
        "Everything is available through the API and a nightly export.",
    ),
    "integration_cust": (
        "Our data team would want this in {bi} too.",
        "How do you handle duplicate contacts?",
        "Do you write back to the opportunity or only to activities?",
        "We're in the middle of cleaning up our {crm} instance.",
        "We have a fair amount of custom fields in {crm}.",
        "Our IT team is going to ask about single sign-on.",
        "Does the integration need admin rights?",
        "We'd want the data to land in our warehouse as well.",
    ),
    "pricing_rep": (
        "The price on the proposal assumes an annual commitment.",
        "I've included the onboarding package at no charge for the first year.",
        "We can add the manager seats later without changing the contract.",
        "I'll walk you through how the tiers compare.",
        "The proposal covers {n} seats of {product}, with onboarding and training included.",
        "Pricing is per seat per year, and managers are included at no extra charge.",
        "We can structure the term as one or two years, whichever works better for procurement.",
        "The bundle with {product} is where most teams your size end up.",
        "Support and the customer success manager are part of every plan.",
        "If the pilot goes well, the expansion seats come in at the same rate.",
        "I'll walk you through the line items on the order form.",
    ),
    "pricing_cust": (
        "How does renewal pricing work after the first year?",
        "Is there a separate charge for the admin seats?",
        "We'd need the proposal in our procurement template.",
        "Is onboarding included in that number?",
        "How does it work if we add seats in the middle of the term?",
        "Can we pay quarterly instead of annually?",
        "What's the minimum number of seats?",
        "Does the price include the {crm} integration?",
        "Procurement will want to see the order form before anything else.",
    ),
    "security_rep": (
        "We sign a DPA with every customer, and the standard version covers GDPR.",
        "Single sign-on and SCIM provisioning are included on every plan.",
        "We can share the full list of sub-processors with your team.",
        "Recording consent can be announced automatically at the start of every call.",
        "We're SOC 2 Type II certified, and the audit is renewed every year.",
        "All data is encrypted in transit and at rest.",
        "Customers choose the region their data is stored in, the US or the EU.",
        "Admins can set retention policies and delete recordings on request.",
        "We run an external penetration test every year, and customers can get the summary under NDA.",
        "Access is role-based, and everything is logged for audit.",
    ),
    "security_cust": (
        "Can we restrict who is allowed to download recordings?",
        "Is the transcription done in-house or by a third party?",
        "What happens to our data if we stop using the product?",
        "Who on your side has access to our recordings?",
        "How long do you keep the data by default?",
        "Where are your data centers located?",
        "Do you use any sub-processors for transcription?",
        "We'll need to run this past our security team either way.",
        "How do you handle consent for recording?",
    ),
    "qbr_rep": (
        "Login activity is strongest on {team}, and we'd like to replicate that elsewhere.",
        "Managers left about two hundred comments on calls last month.",
        "There are a few features you're not using yet that map to your goals.",
        "I'd suggest a short refresher session for the managers who joined recently.",
        "Adoption on {team} is up quite a bit since last quarter.",
        "Managers are reviewing about three times as many calls as when we started.",
        "Here's the usage breakdown by team over the last ninety days.",
        "We've seen the biggest change in {metric} for the reps who use {feature} every week.",
        "I'd like to understand what you want to focus on for the next two quarters.",
        "A few seats haven't logged in for a month, so let's talk about whether to reassign them.",
    ),
    "qbr_cust": (
        "The new managers never got proper training on it.",
        "We'd like to roll it out to {team} next.",
        "Our priorities shifted toward retention this year.",
        "The reps want the summaries in {crm} without clicking around.",
        "The managers use it, but the reps mostly ignore the notifications.",
        "{team} has gotten a lot out of {feature}.",
        "Leadership is asking what we got for the investment this year.",
        "We reorganized in the spring, so some of those seats moved teams.",
        "I'd like to see better reporting on {metric}.",
    ),
    "internal_rep": (
        "This one is still in Demo, but they've asked for pricing already.",
        "I think the champion is strong, but I haven't met the economic buyer yet.",
        "The close date is probably optimistic, I'd call it best case.",
        "They're running a formal evaluation with two other vendors.",
        "I'm going to ask for a mutual action plan on the next call.",
        "Security review is the long pole on this one.",
        "Honestly I'd move it to next quarter in the forecast.",
        "They went quiet after the demo, so I'm going to try the VP directly.",
    ),
    "internal_mgr": (
        "What's the next step and when is it?",
        "Who's the economic buyer here?",
        "Do we have a paper process mapped out with procurement?",
        "What would make this slip?",
        "Let's get the SE on the next call.",
        "I'd rather see this as commit only when we have the redlines back.",
        "What do you need from me to move it forward?",
    ),
    "ack_rep": (
        "Got it.",
        "That makes sense.",
        "Okay, that's helpful.",
        "Understood.",
        "Right, I hear that a lot.",
        "That's really useful context.",
        "Okay, good to know.",
        "Yeah, that's a common pattern.",
    ),
    "ack_cust": (
        "Okay.",
        "Got it.",
        "Makes sense.",
        "Right.",
        "Sure.",
        "Yeah.",
        "Okay, understood.",
        "Mm-hmm, go on.",
    ),
}

# Tone-carrying customer statements mixed into substantive turns; they are what makes a call *feel* negative
# or positive to a sentiment model, beyond the scenario lines themselves.
_TONE_LINES: dict[str, tuple[str, ...]] = {
    "pain_cust": (
        "Honestly, the current process is a mess and the managers hate it.",
        "We're losing deals because nobody sees the risk until it's too late.",
        "It's been a frustrating year, and the reps are burned out.",
        "The last tool we bought was a disaster, so people are skeptical.",
        "I'm tired of chasing updates every single week.",
        "Leadership is unhappy with the forecast misses, and I'm the one getting blamed.",
        "Frankly, I'm worried this will fail like the last rollout did.",
        "We wasted months on a project like this last year.",
        "The data is wrong half the time, which is a real problem.",
        "Nobody trusts the numbers, and it's hurting us with the board.",
        "I'm not happy with how slow this has been.",
        "This is a painful problem and we keep failing to fix it.",
    ),
    "delight_cust": (
        "Honestly, this looks fantastic.",
        "The team is excited, we've been wanting something like this.",
        "I really like how simple that is.",
        "That's a great fit for how we work.",
        "This would be a huge win for the managers.",
        "I'm impressed, that's much better than I expected.",
        "Love it, that's exactly what we need.",
        "That's brilliant, the reps will actually enjoy using it.",
    ),
}
_REACTIONS: dict[str, tuple[str, ...]] = {
    "positive": (
        "That's really impressive.",
        "Oh, I love that.",
        "This would save us a ton of time.",
        "That's exactly the kind of visibility we've been missing.",
        "Wow, that's a lot cleaner than what we have.",
        "My managers are going to be really happy about that.",
        "That's great, honestly.",
        "Nice, that's super helpful.",
        "That's awesome, we've wanted that for years.",
        "This is a big improvement, thank you.",
        "I'm excited about this, it's a great fit.",
    ),
    "negative": (
        "Honestly, that's been a real problem for us.",
        "That's terrible, to be honest.",
        "Ugh, that's exactly the kind of problem that kills us.",
        "That's a serious concern, and I'm not happy about it.",
        "I'm really disappointed, frankly.",
        "I'm worried that's going to be a hard sell internally.",
        "That's frustrating to hear, to be honest.",
        "I'm not convinced that solves our problem.",
        "That's disappointing, we expected more by now.",
        "We've had a lot of issues with that, unfortunately.",
        "That's a concern for us.",
        "I'm skeptical the reps will actually use it.",
        "It's been a painful quarter, frankly.",
        "That doesn't really work for us.",
        "I have to say, I'm pretty unhappy with how this has gone.",
    ),
    "neutral": (
        "Okay, that's fair.",
        "I see.",
        "Let me think about that.",
        "That's roughly what I expected.",
        "Okay, we'd have to look into that.",
        "Sure, that could work.",
    ),
}

# ---------------------------------------------------------------------------------------------------------------
# Scenario beats. Per-call slots: {product} {feature} {competitor} {amount} {amount_small} {seats} {date}
# {later_date} {quarter} {month} {weekday} {account} {champion} {rep} {contact} {crm}
# ---------------------------------------------------------------------------------------------------------------
HEDGES = (
    "",
    "",
    "",
    "Honestly, ",
    "To be frank, ",
    "Look, ",
    "I'll be candid with you, ",
    "I hate to say it, but ",
    "Just so you know, ",
    "I have to be upfront, ",
)


SCENARIOS: dict[str, dict[str, tuple[str, ...]]] = {
    "pricing_objection": {
        "customer": (
            "that's way over what we budgeted for {product}.",
            "can you do better on the per-seat cost?",
            "at {amount} a year, I'm going to have a hard time getting this past finance.",
            "the price is the sticking point for us.",
            "we were expecting something closer to {amount_small}.",
            "that number is a lot higher than I thought it would be.",
            "for {seats} seats, that's more than we pay for our CRM.",
            "I can't take {amount} to my CFO with a straight face.",
            "is there any flexibility on the discount if we sign a two-year term?",
            "it's just too expensive for where we are right now.",
            "the per-user pricing doesn't work once we add the managers.",
            "we love the product, but the cost is hard to justify.",
        ),
        "rep": (
            "I hear you. If we move to a two-year term, I can bring the per-seat price down.",
            "Let me take that back to my manager and see what we can do on the discount.",
            "Understood. What number would you need to see to get this approved?",
            "We could start with a smaller group and expand once you see the results.",
            "I can look at a phased ramp, so year one lands closer to {amount_small}.",
            "That's fair. Can I ask what you're comparing it against?",
        ),
    },
    "competitor": {
        "customer": (
            "we're also evaluating {competitor}.",
            "{competitor} is already in the building for the marketing team.",
            "{competitor} showed us something very similar last week.",
            "how do you compare to {competitor} on forecasting?",
            "our VP used {competitor} at her last company and keeps bringing it up.",
            "we're in a contract with {competitor} until {month}, so timing matters.",
            "{competitor} came in with a pretty aggressive offer.",
            "part of the team wants to stick with {competitor}.",
            "we did a trial of {competitor} last year and it didn't stick.",
            "what does your product do that {competitor} doesn't?",
        ),
        "rep": (
            "Great question. Where we differ from {competitor} is how deep the CRM integration goes.",
            "A lot of our customers came over from {competitor}, happy to connect you with one.",
            "I'd love to understand what you liked about {competitor}.",
            "We see {competitor} in about half our deals, and I can walk you through the differences.",
            "Fair enough. I'd just make sure you compare total cost, not only the license.",
        ),
    },
    "budget": {
        "customer": (
            "we've had a budget freeze since {month}.",
            "all new spend is on hold until {quarter}.",
            "finance cut our tooling budget by twenty percent this year.",
            "I don't have budget approved for this in the current fiscal year.",
            "every purchase over {amount_small} now needs sign-off from the CFO.",
            "we spent most of our budget on the CRM migration.",
            "our budget for next year isn't finalized until {quarter}.",
            "there's a hiring freeze, and software spend is next on the list.",
            "we'd have to find the money somewhere else, and I'm not sure where.",
        ),
        "rep": (
            "Understood. Is there a budget cycle we should be planning around?",
            "Would it help if we built the business case together for your CFO?",
            "Some customers start in a smaller scope that fits an existing budget line.",
            "That's helpful to know. When does planning for next year start?",
        ),
    },
    "timeline_slip": {
        "customer": (
            "we're going to have to push this to {later_date}.",
            "the rollout won't happen before {quarter} now.",
            "internal approvals alone will take until {date}, so the original go-live is off the table.",
            "procurement is backed up, so signature probably slips to {later_date}.",
            "we need to delay the start by a few weeks, the team is swamped with year-end.",
            "realistically, we're looking at {quarter} instead of this month.",
            "the project got deprioritized behind the ERP upgrade, so it's slipping.",
            "I don't think we can hit the {date} date anymore.",
            "can we postpone the kickoff a few weeks?",
        ),
        "rep": (
            "Okay. What's driving the delay on your side?",
            "Understood. Can we agree on a new date so it doesn't drift further?",
            "Thanks for telling me early. Is there anything we can take off your plate?",
            "That's fine, let's put a new plan together with {later_date} as the target.",
        ),
    },
    "churn_threat": {
        "customer": (
            "if this doesn't get fixed, we're not renewing.",
            "we're seriously considering cancelling at the end of our term.",
            "my CFO asked me why we're still paying for this.",
            "we've started looking at alternatives for the renewal.",
            "adoption is so low that I can't defend the renewal.",
            "unless things change, we'll reduce the seat count significantly.",
            "the team has basically stopped using it, so I don't see the point of renewing.",
            "I've been asked to put together a plan to replace the tool.",
            "we've had three outages this quarter, and people are fed up.",
        ),
        "rep": (
            "I really appreciate you telling me. Let's put a recovery plan together this week.",
            "That's serious, and I want to fix it. Can we get your admin and our support lead on a call?",
            "Understood. What would need to be true for you to feel good about renewing?",
            "I'm sorry it's been this rough. I'll escalate the open tickets today.",
        ),
    },
    "legal_security": {
        "customer": (
            "our security team needs your SOC 2 Type II report before we can go further.",
            "legal flagged the DPA, we need GDPR language for our EU data.",
            "we can't sign until InfoSec completes the vendor risk assessment.",
            "do you support SSO with SAML, and can the data stay in the EU?",
            "our counsel has redlines on the MSA, especially the liability cap.",
            "recording calls raises consent questions for our works council.",
            "the security questionnaire has about three hundred questions, so it'll take a while.",
            "we need a penetration test report from the last twelve months.",
            "our legal team won't accept the data retention terms as written.",
            "GDPR review is mandatory for anything that records customer conversations.",
        ),
        "rep": (
            "Of course, I'll send the SOC 2 report under NDA today.",
            "Our legal team can review the DPA with yours, we've done this with plenty of EU customers.",
            "We host in Frankfurt for EU customers, and I can share the sub-processor list.",
            "Send over the questionnaire and our security team will turn it around within a week.",
            "We can set up a call between our counsel and yours to work through the redlines.",
        ),
    },
    "champion_loss": {
        "customer": (
            "I'm leaving {account} at the end of the month.",
            "our sponsor, {champion}, left the company last week.",
            "{champion} was our main advocate, and she's no longer with us.",
            "I've accepted a role at another company, so someone else will pick this up.",
            "after the reorg, {champion} moved to a different business unit.",
            "I'm not sure who will own this after I'm gone.",
            "{champion} resigned, and her replacement hasn't started yet.",
            "the person who championed this internally just gave notice.",
        ),
        "rep": (
            "Thanks for letting me know. Who would be the right person to continue with?",
            "I'm sorry to hear that. Could you introduce me to whoever takes over?",
            "Congratulations on the new role. Can we set up a handover before you go?",
            "That's a big change. Who else on the team has been involved in the evaluation?",
        ),
    },
    "enthusiastic_champion": {
        "customer": (
            "this is exactly what we've been looking for!",
            "I love how {product} handles {feature}.",
            "I'm going to push hard for this internally.",
            "my team is going to be thrilled when they see this.",
            "this would make my forecast calls so much easier.",
            "I've been waiting for something like this for years, honestly.",
            "I already showed the recording to my VP and she loved it.",
            "I'm a big fan of {feature}, it's fantastic.",
            "we're excited to get this in front of the reps as soon as possible.",
        ),
        "rep": (
            "That's great to hear, thank you.",
            "Love that. What would help you make the case internally?",
            "Fantastic. I can put together a one-pager for your leadership team.",
            "That's exactly the feedback we hoped for.",
        ),
    },
    "positive_close": {
        "customer": (
            "let's do it, send over the order form and I'll get it signed by {date}.",
            "we're ready to move forward with {product} at {amount}.",
            "we got approval from finance, so we can sign this week.",
            "you've got a deal, let's aim to kick off on {date}.",
            "the team agreed, we're going with {product}.",
            "send me the final contract and I'll route it for signature today.",
            "I'm happy with {amount} for {seats} seats, let's make it official.",
        ),
        "rep": (
            "Fantastic. I'll send the contract today and we'll kick off on {date}.",
            "That's great news, thank you. I'll get the order form over within the hour.",
            "Wonderful. I'll loop in our onboarding team so we can start right after signature.",
            "Excellent, I'll send a summary with the signature steps and the kickoff date.",
        ),
    },
}

#: Next-step exchanges at the end of a normal call. Per-call slots as in ``SCENARIOS``.
NEXT_STEPS_REP: tuple[str, ...] = (
    "For next steps, I'll send over a recap and the proposal by {date}.",
    "Let's get thirty minutes on the calendar for {weekday} with your security team.",
    "I'll send the follow up with the recording and the pricing options today.",
    "Next step on our side is the business case, and I'll have a draft to you by {date}.",
    "Can we schedule the technical deep dive for {weekday}? I'll send a calendar invite.",
    "I'll set up the pilot workspace and send the invites before {date}.",
    "As a next step, let's put a mutual action plan together with dates through {later_date}.",
    "I'll follow up with the customer references you asked for by {weekday}.",
)
NEXT_STEPS_CUST: tuple[str, ...] = (
    "Works for me, I'll loop in {contact}.",
    "Sounds good, I'll share it with the team and get back to you by {weekday}.",
    "Great, send the invite and I'll make sure the right people are there.",
    "Perfect, I'll look out for it.",
    "Okay, I'll check with procurement and follow up by {date}.",
    "That works, let's plan on {weekday}.",
)
CLOSING_REP: tuple[str, ...] = (
    "Thanks so much for the time today.",
    "Really appreciate it, have a great rest of your day.",
    "Thanks everyone, talk soon.",
    "Great conversation, thank you.",
)
CLOSING_CUST: tuple[str, ...] = ("Thanks, you too.", "Talk soon, bye.", "Thank you, bye now.", "Take care.")
#: Endings without any next step: nobody commits to anything, no follow-up is scheduled.
NO_NEXT_STEPS_CUST: tuple[str, ...] = (
    "Okay, I think that's all I had for today.",
    "If anything changes on our side, you'll hear from us.",
    "Let's leave it there for now.",
    "I don't think we need anything else at this point.",
    "We'll reach out if we want to pick this up again.",
    "I need to jump to another meeting, so let's stop here.",
    "We'll talk internally and see, no promises.",
)
NO_NEXT_STEPS_REP: tuple[str, ...] = (
    "Okay, understood. Thanks for your time.",
    "Sure, I appreciate you being straightforward.",
    "Alright, thanks for the conversation.",
    "Okay, well, thanks for hearing us out.",
)

GREETING_REP: tuple[str, ...] = (
    "Hi {contact}, thanks for joining.",
    "Hey {contact}, good to see you again.",
    "Hi everyone, thanks for making time today.",
    "Good morning {contact}, can you hear me okay?",
    "Hi {contact}, how are you doing?",
)
GREETING_CUST: tuple[str, ...] = (
    "Hi {rep}, good to see you.",
    "Hey, doing well, thanks.",
    "Hi, yes, I can hear you fine.",
    "Hello, thanks for setting this up.",
    "Hi {rep}, sorry I'm a minute late.",
)
EMOJI_LINES: tuple[str, ...] = (
    "Sounds great 👍",
    "Thanks so much 🙏",
    "Love it 🎉",
    "Ha, fair enough 😅",
    "Perfect, see you then 👋",
)
#: Rep self-introduction used for the long-monologue behaviour; stitched before a long run of demo talk.
MONOLOGUE_OPENERS: tuple[str, ...] = (
    "Let me just walk you through the whole platform end to end and we'll save questions for later.",
    "I'm going to go through everything in one pass so you see the full picture.",
    "Bear with me, I want to cover all of it before we open it up.",
)


INDUSTRY_WORDS = ("healthcare", "fintech", "logistics", "software", "manufacturing", "retail", "insurance")


def _fill_filler(template: str, rng: random.Random, product: str) -> str:
    return template.format(
        industry=rng.choice(INDUSTRY_WORDS),
        # Facts about the customer stay placeholders, filled per call so one customer never contradicts itself.
        crm="{crm}",
        bi="{bi}",
        n="{n}",
        cadence="{cadence}",
        team=rng.choice(TEAMS),
        metric=rng.choice(METRICS),
        product=product,
        feature=rng.choice(PRODUCT_FEATURES[product]),
        feature2=rng.choice(_ALL_FEATURES),
    )


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


@cache
def pools(product: str = _PRODUCTS[0]) -> dict[str, tuple[tuple[str, int, str], ...]]:
    """Filler pools for calls about ``product`` as ``section -> ((text, words, template), ...)``, built once each.

    Templates with slots get several fills each from a fixed-seed RNG, so pools are identical in every process
    and independent of the tenant seed. Product and feature slots name the call's product, so filler never
    talks about a product the call is not about.
    """
    if product not in PRODUCT_FEATURES:
        raise ValueError(f"unknown product {product!r}")
    rng = random.Random(f"pools/{product}")
    out: dict[str, tuple[tuple[str, int], ...]] = {}
    for section, templates in _FILLER.items():
        texts: list[str] = []
        seen: set[str] = set()
        for template in templates:
            fills = 6 if "{" in template else 1
            for _ in range(fills):
                text = _capitalise(_fill_filler(template, rng, product))
                if text not in seen:
                    seen.add(text)
                    texts.append((text, template))
        out[section] = tuple((t, t.count(" ") + 1, key) for t, key in texts)
    for section, lines in _TONE_LINES.items():
        out[section] = tuple((t, t.count(" ") + 1, t) for t in lines)
    for tone, reactions in _REACTIONS.items():
        out[f"reaction_{tone}"] = tuple((t, t.count(" ") + 1, t) for t in reactions)
    return out
