"""Lexicons and regular expressions used by the local engine (and documented in README.md).

Bump ``LEXICON_VERSION`` whenever a pattern changes: it is part of the local engine's ``model_version``, so
re-enriched rows can be told apart from rows produced by older rules.

Risk patterns are written as phrasing families, not sentences: a family combines word classes (a verb lemma in
all its inflections, a set of nouns that name the price, a time expression) so that "we have to push the
rollout to May", "the go-live got pushed out" and "signature probably slips to Q3" are one rule. English
carries the full set; Spanish and German carry the families of the few calls held in those languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEXICON_VERSION = "2026.4"

_I = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class RiskPattern:
    """One phrasing family of a risk type.

    :param severity: the base severity; escalation words in the sentence raise it one step.
    :param unless: a clause that also matches this is not the risk (the same words name another risk or no
        risk there: "all new spend is on hold" is a budget stop, not a slipped project).
    """

    risk_type: str
    severity: str
    regex: re.Pattern[str]
    unless: re.Pattern[str] | None = None


def _p(risk_type: str, severity: str, *patterns: str, unless: str | None = None) -> list[RiskPattern]:
    block = re.compile(unless, _I) if unless else None
    return [RiskPattern(risk_type, severity, re.compile(p, _I), block) for p in patterns]


def _v(*lemmas: str) -> str:
    """A regex alternation of English verbs in every inflection: ``_v("delay", "slip+", "postpone")``.

    ``+`` marks a doubled final consonant (slip -> slipped, slipping); a final ``e`` is dropped before -ed/-ing.
    """
    forms: list[str] = []
    for lemma in lemmas:
        double = lemma.endswith("+")
        stem = lemma.rstrip("+")
        if double:
            forms.append(f"{stem}(?:s|{stem[-1]}ed|{stem[-1]}ing)?")
        elif stem.endswith("e"):
            forms.append(f"{stem[:-1]}(?:e|es|ed|ing)")
        elif stem.endswith(("sh", "ch", "ss", "x")):
            forms.append(f"{stem}(?:es|ed|ing)?")
        elif stem.endswith("y") and stem[-2:-1] not in "aeiou":
            forms.append(f"{stem[:-1]}(?:y|ies|ied|ying)")
        else:
            forms.append(f"{stem}(?:s|ed|ing)?")
    return "(?:" + "|".join(forms) + ")"


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# A later point in time, as a slip names it: "to May 26th", "until Q3", "into next year", "a few weeks".
_LATER = (
    rf"(?:(?:the )?(?:\d{{1,2}}(?:st|nd|rd|th)? of )?{_MONTH}\b|q[1-4]\b|next (?:week|month|quarter|year|fiscal year)\b|"
    r"(?:the )?(?:new|next|following) (?:fiscal |calendar )?year\b|(?:the )?(?:end|start|beginning|middle) of\b|"
    r"(?:early|mid|late)[- ]\w+|(?:a|one|two|three|four|six|a few|a couple(?: of)?|several|\d+) (?:more )?"
    r"(?:days?|weeks?|months?|quarters?)\b|later\b|after (?:the )?\w+|fy ?'?\d{2})"
)
# Money as said on calls: "$48,000", "48k", "€36,000", "1.2M".
_AMOUNT = r"(?:[$€£]\s?\d[\d,.]*\s?(?:k|m|mm|thousand|million)?|\b\d[\d,.]*\s?(?:k|thousand|million)\b)"
_PRICE = (
    r"(?:price|prices|pricing|cost|costs|quote|proposal|number|figure|amount|rate|fees?|licen[cs]e(?: fees?| costs?)?|"
    r"(?:per|a)[- ](?:seat|user|licen[cs]e)(?: price| pricing| cost| fee)?|per[- ]user pricing|subscription fee)"
)
_GATEKEEPER = (
    r"(?:finance|procurement|purchasing|(?:my|our|the) (?:cfo|ceo|coo|board|boss|vp|controller|finance team|"
    r"leadership(?: team)?|exec(?:utive)?s?(?: team)?|budget holder))"
)
_INTENSIFIER = r"(?:too|so|very|really|pretty|quite|way|much|far|a bit|a little|a lot|rather|extremely|super)"
_EXPENSIVE = r"(?:expensive|pricey|costly|steep|overpriced|high|rich)"
# A business relationship ends or shrinks: what a churn threat is about.
_OUR_CONTRACT = (
    r"(?:our|the|this|my) (?:contract|subscription|account|renewal|licen[cs]es?|plan|agreement|deal)"
)
_THE_PRODUCT = (
    r"(?:you|you guys|your (?:product|platform|tool|software|solution|service)|"
    r"the (?:product|platform|tool|software|solution|system)|it|this)"
)
_SPEND = r"(?:spend|spending|purchases?|purchasing|budgets?|new tools|software|tooling|investments?|headcount|hiring)"
# Spending stopped: "all new spend is on hold" is a budget stop, not a slipped project.
_SPEND_STOP = (
    r"\b(?:spend|spending|purchases?|purchasing|budgets?|headcount|hiring|investments?)\b[^.?!,;]{0,25}?"
    r"\b(?:on hold|on ice|on pause|frozen|paused|halted)\b"
)
# A story about an earlier tool or project ("we tried a tool like this before and it stalled") is history, not
# a slip of this deal.
_RETROSPECTIVE = (
    r"\b(?:tried\b[^.?!]{0,40}\bbefore|last (?:time|year)|(?:our |the )?previous (?:tool|vendor|rollout|project|"
    r"system)|in the past|used to|back then|the last (?:tool|vendor|rollout|one))\b"
)
_PROJECT = (
    r"(?:it|this|that|things|everything|the (?:start|launch|rollout|roll-out|decision|signing|signature|deal|"
    r"project|go-live|go live|kickoff|kick-off|timeline|date|purchase|pilot|implementation|evaluation)|"
    r"our (?:start|launch|rollout|decision|project|go-live|kickoff|timeline|pilot|implementation))"
)
# Later, in German, for a project rather than a meeting: "auf nächstes Jahr", "ins nächste Quartal", "auf später".
_DE_LATER = (
    r"(?:nächstes (?:jahr|quartal|geschäftsjahr)|nächste (?:jahr|quartal)|den nächsten (?:sommer|herbst|winter|"
    r"frühling|haushalt)|kommendes jahr|später)\b"
)
_DE_PUT_BACK = r"(?:verschieben|verschoben|aufgeschoben|zurückgestellt)"
_DEPARTURE_SUBJECT = (
    r"(?:i'?m|i am|i'?ve|i have|she'?s|he'?s|she is|he is|she has|he has|they'?re|they are|\w+ (?:is|has))"
)

RISK_PATTERNS: tuple[RiskPattern, ...] = tuple(
    _p(
        "pricing_objection",
        "high",
        rf"\b(?:way|much|far) too {_EXPENSIVE}\b",
        r"\bsticker shock\b|\b(?:out of|beyond) (?:our|my) (?:price range|league|reach)\b",
        r"\b(?:can'?t|cannot|couldn'?t|hard to|difficult to|impossible to) justify (?:the|this|that|your|a) "
        r"(?:\w+ )?(?:cost|price|pricing|spend|investment|number|amount|quote)\b",
        rf"\b{_PRICE}\b[^.?!,;]{{0,30}}?\b(?:is|are|seems?|feels?|'s)\s(?:really |just |very )?"
        r"(?:hard|difficult|tough|impossible) to (?:justify|swallow|defend|sell|stomach|get approved)\b",
        rf"\b(?:can'?t|cannot|couldn'?t|won'?t be able to|no way (?:i|we) can) (?:take|bring|sell|pitch|present|get|walk)"
        rf"\b[^.?!;]{{0,30}}?\b(?:to|past|by|through) {_GATEKEEPER}",
        rf"\b(?:hard|tough|difficult) time (?:getting|selling|justifying|pushing|taking)\b[^.?!;]{{0,30}}?"
        rf"\b(?:past|through|to|by) {_GATEKEEPER}",
    )
    + _p(
        "pricing_objection",
        "medium",
        rf"\b{_INTENSIFIER} {_EXPENSIVE}\b",
        rf"\b{_PRICE}\b[^.?!,;]{{0,40}}?\b(?:is|are|seems?|looks?|feels?|'s|came in|comes in)\s(?:{_INTENSIFIER} )?"
        r"(?:high|steep|expensive|a lot|out of (?:our )?range|more than)\b",
        rf"\b{_PRICE}\b[^.?!,;]{{0,30}}?\b(?:is|are|remains?|'s|has been|becomes?)\s(?:the|a|our|one|an)\s"
        r"(?:\w+ ){0,2}?(?:sticking point|problem|issue|obstacle|hurdle|concern|blocker|challenge|dealbreaker|"
        r"deal breaker|worry|non-starter|headache)\b",
        rf"\b{_PRICE}\b[^.?!,;]{{0,30}}?\b(?:doesn'?t|does not|don'?t|do not|won'?t|will not|isn'?t going to)\s"
        r"(?:really |quite )?(?:work|fly|fit|add up|make sense)\b",
        rf"\b(?:concerns?|concerned|worried|worries|issues?|problems?|pushback|hesitant|hesitation|struggl\w+|"
        rf"nervous|uncomfortable) (?:about|with|around|on|over) (?:the |your |this |that )?(?:\w+ )?{_PRICE}\b",
        r"\b(?:need|want|looking for|expect|hoping for|asking for|ask for|get) (?:a |some |an? (?:bigger|better|deeper) |"
        r"more of a )?(?:discount|price (?:cut|reduction|break)|better (?:price|deal|rate|number))\b",
        rf"\b(?:any |some |more |a (?:bit|little) of )?(?:flexibility|wiggle room|room|movement|give) (?:on|in|with|around) "
        rf"(?:the |your )?(?:\w+ )?(?:discount|{_PRICE})\b",
        rf"\b(?:do|go) (?:any |a (?:bit|little) )?better (?:on|with) (?:the |your )?(?:\w+ )?{_PRICE}\b",
        rf"\b(?:come|coming|go|going|bring|get) (?:it |that |this )?down (?:on|in) (?:the )?{_PRICE}\b",
        rf"\b(?:sharpen (?:your|the) pencil|lower (?:the |your )?{_PRICE})\b",
        r"\b(?:cheaper|lower[- ]priced|less expensive) (?:option|alternative|vendor|tool|plan|tier)\b",
        r"\b(?:over|above|more than|beyond|higher than|outside) what (?:we|i) (?:had )?(?:budgeted|planned|expected|"
        r"allocated|pay|paid|can (?:pay|spend|afford)|had in mind|were expecting|wanted to spend)\b",
        rf"\b(?:{_PRICE}|that|it|this)\b[^.?!;]{{0,25}}?\b(?:a lot|much|way|far|significantly|quite a bit|well)? ?"
        r"(?:higher|more|bigger|steeper|pricier) than (?:i|we) (?:had )?(?:thought|expected|anticipated|planned|"
        r"budgeted|hoped|had in mind|were (?:expecting|hoping|told))",
        r"\bmore than (?:we|i) (?:currently )?(?:pay|spend|paid|spent) (?:for|on)\b",
        rf"\b(?:expecting|expected|hoping for|thinking|had in mind|budgeted|looking for|counting on) (?:something |a number )?"
        rf"(?:closer to|nearer to|more like|in the range of|around|under|below) (?:{_AMOUNT}|half)",
        r"\bper[- ](?:seat|user)\b[^.?!]{0,30}\b(?:over|above|more than|too high)\b",
        # Spanish and German.
        r"\b(?:demasiado|muy|bastante) car[oa]s?\b|\bm[aá]s de lo que (?:ten[ií]amos )?presupuestad[oa]\b|"
        r"\bprecio (?:es|sigue siendo) (?:el |un )?(?:\w+ )?(?:obst[aá]culo|problema)\b|"
        r"\bmejorar el precio\b|\bprecio m[aá]s (?:bajo|ajustado)\b",
        r"\b(?:zu|sehr|deutlich zu) teuer\b|\b(?:deutlich|weit|klar) über unserem Budget\b|"
        r"\bPreis (?:ist|bleibt) (?:für uns )?(?:das |ein )?(?:\w+ )?Problem\b|\bbeim Preis (?:noch )?etwas machen\b",
    )
    + _p(
        "competitor",
        "medium",
        r"\b(?:evaluating|looking at|talking to|considering|comparing|speaking with|meeting with|trialing|trialling) "
        r"(?:other|a few|several|multiple|some other|another|alternative|competing|two other|three other) "
        r"(?:vendors?|options?|solutions?|providers?|tools?|platforms?|products?)\b",
        r"\b(?:other|another|alternative|competing) (?:vendors?|providers?|solutions?|platforms?)\b[^.?!]{0,40}"
        r"\b(?:cheaper|offer(?:ed|ing)?|quoted|proposal|bid|better|ahead)\b",
        r"\b(?:competitive (?:bid|evaluation|process|tender)|rfp|request for proposals?|bake[- ]off|shortlist(?:ed)?)\b",
        unless=r"\b(?:renew\w*|replace|replacing|instead of (?:you|your))\b",
    )
    + _p(
        "budget",
        "high",
        rf"\b(?:budget|{_SPEND}) (?:freeze|stop)\b|\bfreeze on (?:all )?(?:new )?{_SPEND}\b",
        rf"\b(?:budget|{_SPEND}) (?:was|is|has been|got|have been|are|were) (?:frozen|cancel+ed|pulled|eliminated|"
        r"zeroed out|gone)\b",
        rf"\b(?:all |any )?(?:new |discretionary |non-essential )?{_SPEND}\b[^.?!,;]{{0,20}}?\b(?:is|are|'s|has been|"
        r"have been|got|was|were) (?:on hold|frozen|paused|halted|stopped|blocked)\b",
        r"\b(?:no|zero) (?:budget|money|funding)\b|\bnot budgeted\b|\bunbudgeted\b",
        r"\b(?:don'?t|do not|doesn'?t|does not|didn'?t) have (?:the |any |a |enough )?(?:\w+ )?(?:budget|money|funds|funding)\b",
        r"\b(?:can'?t|cannot|couldn'?t) afford\b",
        rf"\b(?:froze|frozen|freezing|freezes|paused|halted|stopped) (?:all |any )?(?:new |discretionary |"
        rf"non-essential )?{_SPEND}\b",
        # money frozen, cut or gone, in German, Spanish and French
        r"\b(?:budget\w*|investitionen|ausgaben|mittel|gelder)\b[^.?!]{0,40}?\b(?:eingefroren|gestrichen|gesperrt|"
        r"gekürzt|zusammengestrichen)\b|\bkein (?:budget|geld)\b",
        r"\b(?:presupuesto|gasto|inversiones?)\b[^.?!]{0,30}?\b(?:congelad[oa]s?|recortad[oa]s?|agotad[oa]s?)\b|"
        r"\bno (?:tenemos|hay|queda) (?:presupuesto|dinero|partida)\b",
        r"\b(?:budget|dépenses|investissements?)\b[^.?!]{0,30}?\b(?:gelés?|gelées?|coupés?|supprimés?)\b|"
        r"\b(?:pas|plus) d'(?:enveloppe|budget)\b|\bfaire plus avec moins\b",
    )
    + _p(
        "budget",
        "medium",
        r"\b(?:over|above|exceeds?|exceeding|outside|beyond|more than) (?:our|the|my|their) (?:\w+ )?budget\b",
        r"\b(?:tight|limited|smaller|reduced|constrained|shrinking|shrunk) budgets?\b",
        r"\b(?:money|funds|funding|cash|budgets?)(?: is| are|['’]s) (?:really |very |pretty |quite )?(?:tight|short|"
        r"scarce|limited)\b",
        r"\bbudget (?:cuts?|constraints?|pressure|concerns?|issues?|is (?:tight|limited|constrained|gone|exhausted))\b",
        rf"\b{_v('cut+', 'slash', 'reduce', 'trim+', 'halve', 'pull')} (?:back )?(?:our |the |my |their )?(?:\w+ )?"
        r"(?:budgets?|spend|spending)\b",
        r"\bbudgets? (?:is|was|has been|got|have been|were) (?:cut|slashed|reduced|trimmed|halved|spent|used up|"
        r"exhausted|reallocated|moved)\b",
        r"\b(?:spent|used up|burned through|blown|exhausted|committed) (?:most|all|the rest|much|the bulk) of "
        r"(?:our|the|my|this year'?s) (?:\w+ )?budget\b",
        r"\bbudget\b[^.?!,;]{0,40}?\b(?:isn'?t|is not|hasn'?t been|has not been|won'?t be|not) (?:yet )?"
        r"(?:finali[sz]ed|approved|allocated|confirmed|signed off|set|released|available)\b",
        r"\bcost[- ]cutting\b|\bcost (?:reduction|savings) (?:program|initiative|mandate|exercise)\b",
        r"\b(?:need|have|had) to (?:find|get|secure|free up|unlock) (?:the )?(?:budget|money|funds|funding)\b|"
        r"\bfind the (?:money|budget|funds)\b",
        rf"\b(?:every|any|all) (?:purchase|spend|expense|contract|order)s?\b[^.?!;]{{0,40}}?\b(?:needs?|requires?) "
        rf"(?:\w+ )?(?:sign-?off|approval|a signature) (?:from|by) {_GATEKEEPER}",
        # Spanish and German.
        r"\bpresupuesto (?:est[aá] |ha sido |fue )?(?:congelado|recortado|agotado)\b|"
        r"\b(?:han|ha) recortado el presupuesto\b|\bsin presupuesto\b|\bno (?:tenemos|hay) presupuesto\b",
        r"\bBudget (?:ist |wurde )?(?:eingefroren|gekürzt|gestrichen|aufgebraucht)\b|\bkein(?:en)? Budget\b|"
        r"\b(?:Budget|Ausgaben|Einstellungs)stopp\b",
    )
    + _p(
        "timeline_slip",
        "high",
        rf"\b(?:put|putting|placed|is|are|be|been|go|going|went|'s|'re) (?:{_PROJECT} )?on (?:hold|ice|pause)\b",
        r"\bback ?burner\b|\b(?:de-?prioriti[sz]|deprioriti[sz])(?:e|ed|es|ing)\b",
        r"\b(?:next|following) (?:fiscal )?year at the earliest\b",
        r"\b(?:not|isn'?t|no longer) (?:a )?priority (?:this|for this|right now|anymore)\b",
        unless=rf"{_SPEND_STOP}|{_RETROSPECTIVE}",
    )
    + _p(
        "timeline_slip",
        "medium",
        # A delay verb with what slips and where to: "push the rollout to May", "signature slips to Q3".
        rf"\b{_v('push', 'slip+', 'delay', 'postpone', 'defer+', 'move', 'bump+', 'reschedule', 'shift', 'drag+')}"
        rf"\b(?: {_PROJECT})?(?: (?:back|out|further|again))?(?: (?:by|to|until|till|into|past|for))? {_LATER}",
        # not pushing back on an idea (disagreeing) nor moving out of a room
        rf"\b{_v('push', 'move', 'bump+', 'slide')} (?:{_PROJECT} )?(?:back|out)\b(?! (?:on|of|against)\b)",
        rf"\b(?:{_v('delay', 'postpone', 'defer+', 'reschedule')}) (?:{_PROJECT}|the \w+)\b",
        r"\b(?:is|are|it'?s|keeps?|been|has been|started|starting) (?:already )?(?:slipping|slipped|sliding|drifting|"
        r"stalled|stalling)\b|\b(?:it|this|that|things) (?:has |have )?(?:slipped|stalled)\b",
        rf"\b(?:won'?t|will not|isn'?t going to|is not going to|not going to|can'?t|cannot|don'?t think (?:we|it) "
        rf"(?:can|will)) (?:\w+ )?(?:happen|start|go live|launch|close|get signed|be signed|be ready|land|kick off|"
        rf"sign|decide|commit|move forward)\b[^.?!;]{{0,25}}?\b(?:before|until|till|by|this (?:month|quarter|year))\b"
        rf"[^.?!;]{{0,12}}?{_LATER}",
        r"\b(?:can'?t|cannot|won'?t|will not|don'?t think (?:we|i) can|not going to|no way (?:we|i)(?:'ll| can| will| could)?|"
        r"unlikely to) (?:hit|make|meet|keep) (?:the |our |that |this )?(?:[\w ]{0,25}? )?(?:date|deadline|timeline|"
        r"target|go-live|launch|schedule|start)\b",
        r"\b(?:timeline|go-live|go live|launch|rollout|deadline|kickoff|kick-off|start date|target date|schedule|"
        r"signature|close date) (?:is|has|was|got|'s)(?: now| probably| likely)? (?:slipping|slipped|moved|moving|"
        r"at risk|in jeopardy|unrealistic|not realistic|off the table|pushed|delayed)\b",
        r"\b(?:delay|delays|slippage) (?:in|on|to|of) (?:the |our )?(?:timeline|decision|project|rollout|signing|"
        r"start|launch|go-live|kickoff)\b",
        r"\binstead of (?:this|the (?:original|planned|current)) (?:month|quarter|week|date|timeline|plan)\b",
        r"\b(?:revisit|circle back on|pick (?:this|it) up) (?:this |it )?(?:later|next (?:quarter|year)|"
        r"in (?:q[1-4]|the new year|a few months))\b",
        # a date given up or put back, and no decision before something else, in German, Spanish and French
        r"\b(?:können|kann) (?:wir|man|ich) (?:\w+ )?vergessen\b|"
        rf"\b{_DE_PUT_BACK}\b[^.?!]{{0,40}}?\b(?:auf|bis|ins?) {_DE_LATER}|"
        rf"\b(?:auf|bis|ins?) {_DE_LATER}[^.?!]{{0,30}}?\b{_DE_PUT_BACK}\b|"
        r"\bkeine entscheidung (?:vor|bis)\b",
        r"\b(?:aplazar|aplazamos|aplazado|posponer|posponemos|pospuesto|retrasar|retrasamos)\b[^.?!]{0,40}?"
        r"\b(?:hasta|al|para el|a) (?:el )?(?:año que viene|(?:próximo|siguiente) (?:año|trimestre|ejercicio)|enero|febrero|"
        r"marzo|otoño|verano)\b|"
        r"\bninguna decisión (?:antes|hasta)\b",
        r"\b(?:reporter|reporté|reportée|repousser|repoussé|repoussée|décaler|décalé|décalée)\b[^.?!]{0,40}?"
        r"\b(?:à|au|en|jusqu'à) (?:l'année prochaine|plus tard|septembre|janvier|la rentrée|l'an prochain|"
        r"prochain)\b|\b(?:aucune|pas de) décision (?:avant|d'ici)\b",
        unless=rf"{_SPEND_STOP}|{_RETROSPECTIVE}",
    )
    + _p(
        "churn_threat",
        "high",
        rf"\bcancel(?:l?ing|l?ed|s)? (?:{_OUR_CONTRACT}|at (?:the )?(?:end|renewal)|before (?:the )?renewal)\b",
        r"\b(?:considering|thinking about|talking about|planning on|plan to|going to|decided to|will|might|may) "
        r"(?:be )?cancel(?:l?ing)?\b",
        r"\b(?:not|won'?t|will not|don'?t plan to|do not plan to|aren'?t going to|not going to|unlikely to|"
        r"can'?t see us) (?:be )?renew(?:ing)?\b",
        rf"\bterminat(?:e|ing|ed) {_OUR_CONTRACT}\b",
        rf"\b(?:switch|switching|move|moving|migrate|migrating) (?:away|off) (?:from )?{_THE_PRODUCT}\b",
        rf"\b(?:replace|replacing|rip out|ripping out|get rid of|getting rid of|sunset|sunsetting) {_THE_PRODUCT}\b",
        r"\b(?:looking|planning|going|want|wants) to (?:leave|churn|replace)\b",
        r"\b(?:alternatives|other options|other vendors|other tools)\b[^.?!]{0,30}\b(?:renewal|renew|replace|contract)\b",
        r"\b(?:don'?t|do not|can'?t|cannot) see the (?:point|value|reason) (?:of|in) (?:renewing|continuing|keeping|"
        r"paying)\b",
        r"\bwhy (?:are )?we(?:'re| are)? still paying\b",
        # a renewal refused or a contract cancelled, in German, Spanish and French
        r"\bverlängern (?:wir|ich) (?:\w+ ){0,3}?nicht\b|\bnicht (?:mehr )?verlängern\b|"
        r"\b(?:kündigen|künden) (?:wir|den|die|das|unseren?|unsere)\b|\b(?:haben|wird|werden) (?:\w+ ){0,2}?gekündigt\b",
        r"\bno (?:vamos a |queremos |podemos )?renova(?:r|mos|remos)\b|"
        r"\b(?:vamos a |queremos )?(?:cancelar|dar de baja) (?:el|la|nuestro|nuestra) (?:contrato|suscripción|servicio)\b",
        r"\bne (?:\w+ )?(?:pas |plus )?renouvel\w*|\bne renouvellerons pas\b|"
        r"\brésili(?:er|ons|erons) (?:le|la|notre) (?:contrat|abonnement)\b",
    )
    + _p(
        "churn_threat",
        "medium",
        r"\b(?:frustrated|unhappy|disappointed|fed up|not happy|not satisfied|dissatisfied|done) with (?:the |your )?"
        r"(?:service|support|product|platform|tool|results|value|onboarding|outages|reliability)\b",
        r"\b(?:not|aren'?t|isn'?t|haven'?t been|have not been) (?:getting|seeing) (?:the |any |enough |much )?"
        r"(?:value|roi|results|return)\b",
        r"\b(?:reconsider|re-evaluate|reevaluate|rethink|review)(?:ing)? (?:our|the) (?:contract|subscription|"
        r"relationship|renewal|spend with you)\b",
        r"\b(?:can'?t|cannot|hard to|difficult to) (?:defend|justify) (?:the |our )?(?:renewal|subscription|contract)\b",
        rf"\b{_v('reduce', 'cut+', 'drop+', 'downgrade', 'halve', 'shrink')}(?: back)? (?:the |our )?(?:\w+ )?"
        r"(?:seat count|seats|licen[cs]es|user count|footprint|plan)\b",
        rf"\b(?:basically |mostly |have |has |'ve )*(?:stopped|quit|given up|gave up|barely|no longer) using "
        rf"{_THE_PRODUCT}\b",
        r"\b(?:outages?|downtime|incidents?|bugs)\b[^.?!]{0,60}\b(?:fed up|had enough|losing patience|lost patience|"
        r"last straw|done with)\b",
        r"\b(?:fed up|had enough|last straw|lost (?:all )?(?:faith|trust|confidence)) (?:with|in) (?:you|your|the)\b",
    )
    + _p(
        "legal_security",
        "medium",
        r"\b(?:security|infosec|it security|legal|compliance|procurement|privacy|vendor risk|risk) (?:review|reviews|"
        r"questionnaire|assessment|sign[- ]?off|approval|team has concerns|concerns|requirements|audit|check)\b",
        r"\b(?:soc ?2|iso ?27001|gdpr|hipaa|ccpa|fedramp|pen(?:etration)? test|vendor risk|works council|"
        r"data protection officer)\b",
        r"\b(?:data (?:residency|retention|processing agreement|privacy|sovereignty)|dpa|msa|baa|redlines?|"
        r"indemnit(?:y|ies|ification)|liability (?:cap|clause|terms))\b",
        r"\b(?:security|infosec|legal|counsel|compliance|privacy|our lawyers?|it) (?:team )?(?:flagged|raised|has "
        r"(?:concerns|questions|issues)|won'?t (?:accept|approve|sign off)|rejected|needs? to (?:approve|review|sign off))\b",
        r"\b(?:consent|privacy|compliance|regulatory) (?:questions|issues|concerns|requirements|problems)\b",
        r"\b(?:data|recordings?|it) (?:has to |must |needs? to |can |to )?(?:stay|stays|remain|be stored|be hosted|"
        r"be kept) (?:in|within) (?:the )?(?:eu|europe|uk|us|country|region|germany)\b",
        # Spanish and German.
        r"\b(?:rgpd|protecci[oó]n de datos|comit[eé] de empresa|auditor[ií]a de seguridad|revisi[oó]n legal)\b",
        r"\b(?:dsgvo|avv|datenschutz\w*|betriebsrat|sicherheitsprüfung|rechtsabteilung)\b",
    )
    + _p(
        "champion_loss",
        "high",
        rf"\b{_DEPARTURE_SUBJECT} (?:leaving|departing|moving on|stepping down|retiring|resigning)\b",
        r"\b(?:my|her|his|their) last day\b",
        r"\b(?:was|were|got|been|being|has been|have been) (?:laid off|let go|fired|made redundant|reassigned|"
        r"moved to (?:another|a different|a new) (?:\w+ )?(?:team|role|unit|department|division|group))\b",
        r"\bno longer (?:own|owns|owning|in charge|responsible|involved|the decision[- ]maker|with (?:the company|us|"
        r"the team|the business)|at (?:the company|\w+))\b",
        r"\b(?:left|leaves|is leaving|has left|quit) (?:the company|the team|the organi[sz]ation|the business|"
        r"for (?:a|another) (?:job|role|company))\b",
        r"\b(?:resign(?:ed|s|ing)?|gave (?:her|his|their|my) notice|given (?:her|his|their|my) notice|"
        r"(?:handed|put) in (?:her|his|their|my) notice|gave notice|stepped down)\b",
        r"\baccepted (?:a|an) (?:new )?(?:role|position|job|offer)\b|\bstarting a new (?:job|role)\b",
        # the deal no longer theirs, or someone off to another employer: "it isn't my call anymore", "I won't be
        # driving this", "she's off to a competitor", "from January I'm off this"
        r"\b(?:(?:isn'?t|is not|not) (?:mine|my call|my decision|my project) any ?more|won'?t (?:really )?be "
        r"(?:driving|leading|owning|running|handling) (?:this|it)|(?:i'?m|she'?s|he'?s|\w+ is) off (?:this|to "
        r"(?:a|another) (?:competitor|company|job|role|employer))\b|went to (?:a|another) (?:competitor|company))\b",
        # German, Spanish, French: retiring, leaving, no longer in charge
        r"\b(?:(?:gehe|geht|gehen) [^.?!]{0,30}\bin (?:den )?(?:Rente|Ruhestand|Pension)|nicht mehr zuständig|"
        r"verlässt (?:uns|das Unternehmen|die Firma)|se (?:jubila|va de la empresa|fue a (?:la competencia|otra empresa))|"
        r"(?:est|sont) partie?s?(?: \w+){0,3} chez|quitte (?:l'entreprise|la société|son poste)|part à la retraite)\b",
        r"\b(?:moved|moving|transferred|transferring) to (?:a |another |the )?(?:different|other|new) "
        r"(?:business unit|team|role|department|division|group|company)\b",
    )
    + _p(
        "champion_loss",
        "medium",
        r"\bnew (?:vp|cfo|cto|cio|ceo|cro|head of \w+|director|manager|leadership|boss)\b[^.?!]{0,40}\b(?:coming in|"
        r"joined|starting|started|taking over|will decide|wants to review|is reviewing)\b",
        r"\b(?:someone else|another team|a different team|somebody else) (?:will|is going to|is|would) (?:own|take over|"
        r"pick (?:this|it) up|running|drive)\b|\bsomeone else will pick (?:this|it) up\b",
        r"\b(?:not sure|don'?t know|unclear|no idea) who (?:will|is going to|would|'ll) (?:own|take over|pick up|drive|"
        r"sponsor|champion|run)\b",
        r"\b(?:after|once|when) (?:i'?m|she'?s|he'?s|they'?re|i am|she is|he is) gone\b",
        r"\breplacement (?:hasn'?t|has not|isn'?t|won'?t) (?:started|been hired|been named|joined)\b",
        r"\b(?:on (?:parental|maternity|paternity|medical|sick|long-term|extended) leave)\b",
        unless=r"\bnew (?:feature|features|release|version|dashboard|integration)\b",
    )
)

# Words that raise a risk's severity one notch when they appear in the same sentence.
ESCALATION = re.compile(
    r"\b(?:blocker|blocking|blocked|deal[- ]?breaker|show[- ]?stopper|non[- ]negotiable|reject(?:ed)?|fail(?:ed)?|"
    r"won'?t (?:sign|approve)|can'?t (?:sign|proceed|move forward)|walk away|absolutely|definitely|seriously)\b",
    _I,
)

# Negation cue right before a match in the same clause: "no concerns about price", "not too expensive".
NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|never|without|zero|none|hardly|isn'?t|aren'?t|wasn'?t|don'?t|doesn'?t|didn'?t|won'?t|"
    r"no real|not really|nothing|neither|nor|kein\w*|nicht|sin|nunca)\b(?:\W+\w+){0,2}\W*$",
    _I,
)
# Clause-level neutralisers: "price is not an issue", "budget is fine", "legal is all set", "no rush".
NEUTRALIZER = re.compile(
    r"\b(?:(?:isn'?t|aren'?t|wasn'?t|won'?t be|shouldn'?t be|(?:is|are|was) not|not|never)\s+(?:really\s+|been\s+)?"
    r"(?:an?\s+|the\s+|much\s+of\s+an?\s+)?(?:big\s+|real\s+|major\s+|huge\s+)?(?:issue|problem|concern|blocker|"
    r"worry|deal[- ]?breaker|factor|obstacle|sticking point)|"
    r"no (?:problem|issue|concerns?|worries|pressure|rush)|not (?:a )?(?:worried|concerned)|"
    r"(?:is|are|seems?|looks?|'s|(?:has|have) been) (?:totally |perfectly |completely |all )?(?:fine|ok(?:ay)?|reasonable|fair|"
    r"competitive|all set|approved|done|sorted|covered|signed(?: off)?|in place|secured|locked in|on track|"
    r"executed|agreed|finali[sz]ed|completed|resolved|cleared|passed)|"
    r"kein (?:Problem|Thema)|no es (?:un |ning[uú]n )?problema|"
    # "it's not about the money", "am Budget liegt es nicht", "no es por el precio", "ce n'est pas le prix"
    r"(?:it'?s|it is|that'?s|that is|was) not (?:about |down to |because of )?(?:the )?(?:money|price|cost|budget)|"
    r"lieg(?:t|en) es (?:\w+ )?nicht|liegt'?s (?:\w+ )?nicht|no es (?:por |cuestión de )?(?:el |la )?(?:dinero|precio|presupuesto)|"
    r"ce n'est pas (?:une question de |le |la |l')?(?:prix|budget|argent))\b",
    _I,
)
CLAUSE_SPLIT = re.compile(
    r"[,;:]|\s(?:but|although|though|however|except|whereas|aber|pero)\s|\s-\s|\s—\s", _I
)
# A conditional question is a hypothetical, not news: "what happens to our data if we cancel?",
# "would it be a problem if we pushed the kickoff?". Applied only to sentences that end in "?".
HYPOTHETICAL = re.compile(
    r"\b(?:if|what if|in case|suppose|supposing|assuming|hypothetically|say we|when someone|whenever|in the event)\b",
    _I,
)
# A question asking how something works or what it costs asks for information; it raises no risk ("how does
# renewal pricing work after the first year?", "what does that cost on our current plan?"). A request ("can we
# push the kickoff?", "is there any wiggle room on the price?") and a challenge ("why is it twice the price?")
# still can. Applied only to sentences that end in "?", from their start (after a filler word).
INFORMATION_QUESTION = re.compile(
    r"^\W*(?:(?:so|and|okay|ok|right|also|but)\W+)?(?:how\s+(?:does|do|is|are|would|will|long|many|much)|"
    r"what(?:'s|’s|\s+is|\s+are|\s+does|\s+do|\s+would|\s+happens)|which|do\s+you|"
    r"does\s+(?:it|the|that|this)|when|where|who|wie|was|welche\w*|comment|quel\w*|cómo|qué|cuál\w*|cuándo|"
    # how the product is made or run: "is the transcription done in-house or by a third party?"
    r"(?:is|are)\s+(?:it|the|that|this|these|your)\s+(?:\w+\s+)?(?:done|handled|hosted|built|stored|processed|run|"
    r"managed|included|made)|"
    # whether something is charged: "is there a setup fee for the scanners?", "is there an extra cost for SSO?"
    r"(?:is|are)\s+there\s+(?:a|an)\s+(?:\w+\s+){0,2}?(?:charge|fee|cost|surcharge)s?\b|"
    # what the vendor is: "are you a US company?", "is that a cloud provider?", "Ist das ein US-Anbieter?"
    r"(?:(?:is|are)\s+(?:that|this|it|you|you\s+guys)|(?:ist|sind)\s+(?:das|es|sie|ihr)|(?:es|son)\s+(?:eso|esto|ustedes)|"
    r"est-ce\s+(?:que\s+)?(?:c'est|vous\s+êtes)|êtes-vous)\s+(?:a|an|ein|eine|un|una|une)\b)\b",
    _I,
)
# Saying what one did not understand asks for information too: "I saw a number but I wasn't sure if it was per
# year", "das war mir im Angebot nicht ganz klar". Doubting that something will work ("I'm not sure I can make
# that case") is not this.
CLARIFICATION = re.compile(
    r"\b(?:wasn'?t|was not|i'?m not|not) (?:sure|clear) (?:if|whether|what|how) (?:it|that|this|the \w+) "
    r"(?:was|is|means|meant|includes?|covers?)\b|\b(?:war|ist|sind|waren) mir (?:\w+ ){0,3}?(?:nicht|noch nicht) (?:ganz |so )?klar\b|"
    r"\bno me (?:quedó|queda|ha quedado) (?:muy )?claro\b|\b(?:ce n'était|c'était|ce n'est|c'est) pas (?:très |tout à fait )?clair\b",
    _I,
)
# A person leaving is a champion risk; "someone" or "people" leaving is a question about the product.
GENERIC_PERSON = re.compile(
    r"\b(?:someone|somebody|anyone|anybody|people|employees|users|reps|a rep|a user|whoever|an employee)\b",
    _I,
)

NEXT_STEP = re.compile(
    r"\b(?:next steps?|action items?|follow[- ]?up|follow up|"
    r"(?:i'?ll|we'?ll|i will|we will|let me|i can|we can|let'?s)\s+(?:\w+\s+){0,2}?(?:send|share|schedule|set up|"
    r"book|loop in|introduce|draft|prepare|circle back|get back|reconvene|regroup|sync|meet|touch base|"
    r"put together|follow)|"
    r"(?:send|share) (?:over |you )?(?:the |a )?(?:contract|proposal|quote|deck|recap|notes|pricing|order form|"
    r"agreement|invite|summary|msa|dpa)|"
    r"calendar invite|(?:schedule|set up|book) (?:a|the|another|some|our) (?:call|meeting|demo|session|time|"
    r"workshop|review)|kick[- ]?off (?:call|meeting|on|next)|"
    r"(?:talk|speak|meet|see you|connect) (?:again )?(?:on|next|this coming) (?:monday|tuesday|wednesday|"
    r"thursday|friday|week)|"
    # Spanish and German.
    r"(?:siguiente|pr[oó]ximo)s? pasos?|(?:os|te|les) (?:env[ií]o|mando)|agendamos|invitaci[oó]n|"
    r"nos vemos (?:el|entonces|la semana)|n[aä]chste[nr]? schritte?|schicke (?:ich )?ihnen|einladung|"
    r"termin (?:für|am)|sprechen wir uns)\b",
    _I,
)

# Topic label -> keywords (word-boundary, case-insensitive). Gong's own monologue topics are mapped the same way.
TOPIC_LEXICON: dict[str, tuple[str, ...]] = {
    "Pricing": ("price", "prices", "pricing", "cost", "costs", "quote", "discount", "per seat", "licen[cs]e fee",
                "list price", "invoice", "expensive", "cheaper", "dollars?", "payment terms"),
    "Competition": ("competitor", "competitors", "competition", "alternative", "other vendors?", "incumbent",
                    "bake[- ]off", "rfp", "switch from"),
    "Budget": ("budget", "budgets", "budgeted", "spend", "funding", "fiscal", "cost[- ]cutting"),
    "Timeline": ("timeline", "deadline", "go[- ]live", "launch", "by q[1-4]", "end of (?:the )?(?:quarter|year|month)",
                 "rollout date", "target date", "timeframe", "push(?:ed)? (?:back|out)", "delay", "on hold"),
    "Security & Compliance": ("security", "soc ?2", "iso ?27001", "gdpr", "hipaa", "compliance", "encryption",
                              "sso", "saml", "pen(?:etration)? test", "infosec", "data residency", "privacy"),
    "Legal & Procurement": ("legal", "contract", "msa", "dpa", "redlines?", "procurement", "terms", "liability",
                            "indemnit(?:y|ies|ification)", "signature", "order form"),
    "Implementation": ("implementation", "implement", "onboard(?:ing)? plan", "deploy(?:ment)?", "rollout",
                       "migration", "migrate", "setup", "set up", "configuration", "pilot", "proof of concept",
                       "poc"),
    "Integrations": ("integration", "integrations", "integrate", "api", "apis", "salesforce", "hubspot", "slack",
                     "zapier", "webhook", "connector", "sync(?:ing)? with", "snowflake"),
    "Renewal": ("renewal", "renew", "renewing", "contract end", "expir(?:e|es|ing|ation)", "upsell", "expansion",
                "churn"),
    "Product Demo": ("demo", "walk ?through", "show you", "let me share my screen", "screen share", "feature",
                     "features", "workflow"),
    "Product Feedback": ("feedback", "feature request", "roadmap", "bug", "bugs", "missing", "wish it",
                         "would love", "improvement"),
    "Support": ("support", "ticket", "tickets", "outage", "downtime", "sla", "response time", "escalation",
                "customer success"),
    "Reporting & Analytics": ("reporting", "analytics", "metrics", "kpis?", "insights", "dashboards?",
                              "forecast(?:ing)?"),
    "Onboarding & Training": ("training", "onboarding", "enablement", "ramp", "certification", "workshop",
                              "documentation"),
    "Next Steps": ("next steps?", "action items?", "follow[- ]?up", "calendar invite", "recap"),
}  # fmt: skip

TOPIC_PATTERNS: dict[str, re.Pattern[str]] = {
    label: re.compile(r"\b(?:" + "|".join(keywords) + r")\b", _I) for label, keywords in TOPIC_LEXICON.items()
}

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

# Numbers as said: "forty-seven", "a hundred and fifty", "one point four", "seventy, seventy-five".
_NUMBER_WORD = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
    r"thousand|half|a couple of|a few|a)"
)
_SPELLED = rf"{_NUMBER_WORD}(?:(?:[- ]|\s+and\s+|\s+point\s+){_NUMBER_WORD})*"
_MONEY_WORD = r"(?:dollars|bucks|pounds|quid|euros?|francs|pesos|d[oó]lares|libras|grand|k)"
MONEY = re.compile(
    r"(?:(?:[$€£]|\b(?:usd|eur|gbp)\s?)\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|mm|bn|b|thousand|million|billion)\b)?"
    r"(?:\s?(?:usd|eur|gbp)\b)?"
    r"|\b\d[\d,]*(?:\.\d+)?\s?(?:k|m|mm|bn|thousand|million|billion)?\s?(?:usd|eur|gbp|dollars|euros|pounds|bucks)\b"
    r"|\b\d{1,3}(?:\.\d+)?\s?k\b(?!\s?(?:users|seats|people|employees|reps|records|rows|calls|accounts|emails))"
    # European digits: "40.000 Euro", "22 000 €", "0,38 Euro", "4.900 EUR".
    r"|\b\d{1,3}(?:[. \u00a0\u202f]\d{3})*(?:,\d+)?\s?(?:€|euros?|eur|chf|francs|pesos|libras)(?!\w)"
    # Percentages: "8 percent", "12 %", "30 Prozent", "6.9%", "15 por ciento", "vingt pour cent".
    r"|\b\d+(?:[.,]\d+)?\s?(?:%|percent\b|per cent\b|prozent\b|por ciento\b|pour ?cent\b)"
    rf"|\b{_SPELLED}\s+(?:percent|per cent)\b"
    # Spelled amounts: "fifty grand", "fourteen thousand pounds", "a couple of million", "five hundred quid".
    rf"|\b{_SPELLED}\s+(?:thousand|million|billion|grand)(?:\s+{_MONEY_WORD})?\b"
    rf"|\b{_SPELLED}\s+(?:dollars|bucks|pounds|quid|euros)\b)",
    _I,
)

_FULL_MONTHS = (
    r"(?:january|february|march|april|june|july|august|september|october|november|december|"
    r"januar|februar|m[äa]rz|maerz|juni|juli|oktober|dezember|"
    r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)"
)
_WEEKDAYS = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)"
)
_SEASONS = r"(?:spring|summer|autumn|fall|winter|fr[üu]hling|sommer|herbst|printemps|[ée]t[ée]|automne|hiver|primavera|verano|oto[ñn]o|invierno)"
DATE = re.compile(
    r"\b(?:\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}/\d{1,2}(?:/\d{2,4})?"
    rf"|{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}(?:,?\s+\d{{4}})?"
    rf"|(?:end|beginning|start|middle|mid) of (?:(?:the|this|next) )?(?:q[1-4](?:\s\d{{4}})?|quarter|month|year|{_MONTHS})"
    r"|q[1-4](?:\s?(?:fy)?'?\d{2,4})?"
    r"|(?:fy|fiscal year\s?)'?\d{2,4}"
    rf"|(?:next|this|last|this coming) (?:{_DAYS}|week|month|quarter|year|weekend|{_SEASONS})"
    rf"|(?:on|by|before|until|after) {_DAYS}"
    r"|tomorrow|today|yesterday|tonight|eoq|eoy|eom"
    r"|this (?:morning|afternoon|evening)"
    r"|in (?:a|one|two|three|four|five|six|a few|a couple of|\d+) (?:days?|weeks?|months?)"
    r"|(?:a|one|two|three|four|five|six|a few|a couple of|\d+) (?:days?|weeks?|months?|years?) ago"
    r"|(?:the )?new (?:financial |fiscal )?year|christmas|easter|thanksgiving"
    # Month and weekday names on their own ("in March", "Friday", "Jeudi 24", "im März", "en noviembre"); "May"
    # only after a preposition or before a day, since "we may" is no date.
    rf"|(?:early |late |mid[- ])?{_FULL_MONTHS}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?"
    rf"|(?:in|by|before|until|from|since|early|late|mid) may\b"
    rf"|(?:le |el |am )?{_WEEKDAYS}(?:\s+(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?|\s+(?:morning|afternoon|evening)s?)?"
    rf"|(?:in|by|before|until|since|over|during) (?:the )?{_SEASONS}"
    r"|the \d{1,2}(?:st|nd|rd|th)"
    # German, French and Spanish relative days and weeks.
    r"|gestern|heute|morgen|[üu]bermorgen|(?:letzte|n[äa]chste|diese|kommende) woche|(?:letzten|n[äa]chsten|diesen) monat"
    r"|hier|aujourd'hui|demain|la semaine (?:derni[èe]re|prochaine)|le mois (?:dernier|prochain)"
    r"|ayer|hoy|ma[ñn]ana|la semana (?:pasada|que viene|pr[óo]xima)|(?:este|el) a[ñn]o(?: que viene| pasado)?)(?!\w)",
    _I,
)

# Company-name suffixes for pattern-based company detection ("Acme Corp", "Globex GmbH").
COMPANY_SUFFIX = re.compile(
    r"\b((?:[A-Z][\w&\-]+\s){0,3}[A-Z][\w&\-]+)\s(?:Inc|Corp|Corporation|LLC|Ltd|GmbH|AG|SA|PLC|Group|Labs)\b\.?"
)

# Sales-conversation additions to VADER's general-purpose lexicon (same -4..+4 valence scale). VADER does not
# know that "expensive" or "blocker" are bad news in a deal, or that "freeze" is not mildly positive.
SENTIMENT_LEXICON_UPDATES: dict[str, float] = {
    "expensive": -1.8,
    "pricey": -1.5,
    "overpriced": -2.2,
    "costly": -1.5,
    "steep": -1.0,
    "blocker": -1.8,
    "blocked": -1.6,
    "dealbreaker": -2.5,
    "showstopper": -2.3,
    "freeze": -1.4,
    "frozen": -1.2,
    "slipping": -1.2,
    "slipped": -1.2,
    "pushback": -1.2,
    "churn": -2.0,
    "concern": -1.0,
    "concerns": -1.0,
    "concerned": -1.2,
    "outage": -2.0,
    "downtime": -1.5,
    "buggy": -1.8,
    "unreliable": -1.9,
    "clunky": -1.5,
    "seamless": 1.8,
    "intuitive": 1.6,
    "roi": 1.0,
}

# Capitalised names in running text: organisations, products and places a call names without a company suffix
# ("Meraki came in at sixty-two", "we moved to HiBob"). A sequence of capitalised words (joined by "&", "of",
# "de"...) or an acronym; the engine drops sentence-initial single words, people it knows and the words below.
PROPER_NAME = re.compile(
    r"(?<![\w'’-])(?:[A-Z][\w&'’.+-]*[\w+]|[A-Z])(?:\s+(?:(?:&|of|de|du|des|la|le|von)\s+)?"
    r"[A-Z0-9][\w&'’.+-]*[\w+])*"
)
_NOT_A_NAME_TEXT = """
    infosec secops devops finops revops salesops i i'm i'll i've i'd i’m i’ll i’ve i’d ok okay yes yeah no hi hello hey thanks thank so and but or well oh
    mr mrs ms dr sir madam monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december q1 q2 q3 q4 fy ceo cfo cto coo cio cmo cro vp svp
    evp it hr roi api apis sla slas soc pdf crm erp saas ok tv ai ui ux qa faq kpi kpis eod eow eoq eoy pst est
    cet gmt utc usd eur gbp english german french spanish european american christmas easter god
    sow msa dpa nda po rfp rfq poc sso mfa gdpr hipaa iso dsgvo rgpd lgpd emea apac amer latam na
    ae aes sdr sdrs bdr bdrs csm csms se ses am pm ops revops
    my our your their his her its the a an this that these those we you they he she it there here what when
    montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz mai juni juli oktober
    dezember lunes martes miércoles jueves viernes enero febrero marzo abril mayo junio julio agosto septiembre
    octubre noviembre diciembre lundi mardi mercredi jeudi vendredi janvier février mars avril mai juin juillet
    août septembre octobre novembre décembre
    ende anfang mitte début fin mediados principios finales
    gps poe voip iot lte wifi wi-fi vpn lan wan usb hdmi pos tpv plc scada hvac cad bim
"""
NOT_A_NAME = frozenset(_NOT_A_NAME_TEXT.split())
# An abbreviation in the plural is people or things, not an organisation: "two PMs", "our CSMs", "the KPIs".
PLURAL_ABBREVIATION = re.compile(r"[A-Z]{2,5}s")
# A part of the world is a place, not an organisation: "to run Asia-Pacific", "our North America numbers", "kept
# in the EU", "ein US-Anbieter".
WORLD_REGION = re.compile(
    r"(?:north|south|central|latin|eastern|western|northern|southern)?[ -]?"
    r"(?:america|americas|europe|asia|africa|oceania|asia[ -]pacific|middle east|nordics|benelux|dach|scandinavia|"
    r"europa|amérique|amérique latine|asie|afrique|lateinamerika|nordamerika|südamerika|asien|afrika|"
    r"latinoamérica|norteamérica|sudamérica)|"
    r"(?-i:US|USA|UK|EU|UAE|ANZ|APJ)(?:-\w+)?",
    re.IGNORECASE,
)
# "I'm", "I'll" close no name: "Now I'm looking at" names nothing.
_FIRST_PERSON_TEXT = "i i'm i'll i've i'd"
FIRST_PERSON = frozenset(_FIRST_PERSON_TEXT.split())
# The last word of a street address: "14 Quarry Lane" is a place, not an organisation.
_STREET_WORDS_TEXT = """
    street st road rd lane avenue ave drive way boulevard blvd close court crescent square strasse straße weg gasse
    calle avenida rue
"""
STREET_WORDS = frozenset(_STREET_WORDS_TEXT.split())
# The words around a capitalised name that say it is no outside organisation: a unit of the customer's own
# company ("the Competitive Intelligence group", "the Threadline ops team", "the DC side"), a plan or tier of
# the vendor's ("the Premium plan", "du plan Premium", "the Enterprise tier"), or the vendor's own product,
# named to the vendor ("your VX-560", "your Memphis install"). "Our" says nothing: "our contract with Verizon
# Connect" names the incumbent.
OWN_UNIT_AFTER = re.compile(
    r"\s+(?:(?:ops|operations|sales|finance|it|data|product|support|marketing|engineering|leadership)\s+)?"
    r"(?:team|group|squad|department|dept|desk|unit|function|side|office)\b",
    re.IGNORECASE,
)
PLAN_AFTER = re.compile(
    r"\s+(?:plan|tier|edition|package|bundle|licen[cs]es?|subscription|seats?)\b", re.IGNORECASE
)
PLAN_BEFORE = re.compile(
    r"\b(?:plan|tier|edition|package|paquete|formule|offre|tarif|paket)\s+$", re.IGNORECASE
)
VENDORS_OWN_BEFORE = re.compile(r"(?:\b(?i:your|you guys'|votre|vos)|\bIhr(?:e|en|em|er)?)\s+$")
# A person named by the role they hold or the pronoun that follows: "our COO, Henrik, he's the one", "marketing is
# led by Dana Holt", "Priya, our controller". People, not organisations ("run by" or "managed by" may name an
# outsourcer, "our partner" a firm).
_ROLES = (
    r"(?:ceo|cfo|coo|cto|cio|cmo|cro|ciso|vp|svp|evp|head of \w+|director|manager|boss|founder|owner|president|"
    r"chair(?:man|woman|person)?|controller|comptroller|counsel|colleague|predecessor|successor|sponsor|champion|"
    r"lead|gm|md|geschäftsführer\w*|chef\w*|kolleg\w*|directeur|directrice|jefe|jefa)"
)
PERSON_BEFORE = re.compile(
    rf"(?:\b(?:our|my|their|his|her|the|new|interim|acting|unser\w*|mein\w*|notre|nuestr[oa]) (?:\w+ )?{_ROLES}"
    r"(?: (?:of|for) (?:\w+ )?\w+)?,?|"  # "our new VP of Engineering, Rob Castellano"
    r"\b(?:led|headed|signed off) by|\breports? (?:in )?to|\b(?:mr|mrs|ms|dr|herr|frau)\.?)\s+$",
    re.IGNORECASE,
)
PERSON_AFTER = re.compile(
    rf"(?:,\s+(?:he|she)\b|\s+(?:he|she)'s\b|,\s+(?:our|my|their|the|unser\w*|notre|nuestr[oa]) (?:\w+ )?{_ROLES}\b)",
    re.IGNORECASE,
)
# A competitor set aside, said in the sentence that names it: "Ostrander's off the table", "we won't bother with
# the Costwise ones", "lo de Ebro ya no tiene mucho sentido", "lo dejamos", "SMA ist vom Tisch".
SET_ASIDE = re.compile(
    r"\b(?:off the table|ruled? out|out of the (?:running|picture)|(?:won'?t|not|no need to) bother|"
    r"(?:not|never|no longer)\b[^.,;]{0,30}?\b(?:consider\w*|evaluat\w*|looking at|interested|an option|"
    r"in the running|talking to|going with)|vom tisch|aus dem rennen|kommt nicht (?:mehr )?in frage|"
    r"(?:ya )?no tiene (?:mucho |ningún )?sentido|lo dejamos|descartad\w*|descarta\w*|écarté\w*|"
    r"on (?:oublie|laisse tomber)|ne (?:tient|fait) plus)\b",
    re.IGNORECASE,
)
# Function words of German, to recognise a German call: German capitalises every noun, so a capitalised word
# there is no sign of a name.
_GERMAN_FUNCTION_WORDS_TEXT = (
    "und der die das ich nicht wir ist mit sie es auf für ein eine auch noch vom zum zur dem des nur ihr ihre "
    "unser unsere sehr wie wenn aber oder sind haben wird werden kann können uns bei nach über von schon doch "
    "dass sich mir mich einen einem einer kein keine diese dieser dieses jetzt dann weil gibt"
)
GERMAN_FUNCTION_WORDS = frozenset(_GERMAN_FUNCTION_WORDS_TEXT.split())
# Words that open a capitalised run in German speech without naming anything: an article or a preposition and
# the noun after it ("Das Coaching", "Im Moment", "Die Geschäftsführung").
_GERMAN_NAME_OPENERS_TEXT = "der die das dem den des im in am zum zur ein eine einen einem mit für von auf"
GERMAN_NAME_OPENERS = frozenset(_GERMAN_NAME_OPENERS_TEXT.split())
