"""The owners' web pages (issue 32): owners without Telegram do the scan in a browser, in the
dashboard's aiohttp server, driven by the same dialog engine flows, conversation service,
parsers, services and storage as the chat. Nothing of the scan is written twice.

URLs (fixed, bot/db/codes.py: LANDING_PREFIX, SCAN_PREFIX):
    GET  /c/{code}          a campaign's landing page ("Open in Telegram", "in je browser")
    POST /c/{code}          make a web owner attributed to the campaign, set the cookie -> /scan
    GET  /scan              the open flow's question; the result when none is open; a start page
    POST /scan/start        a new web owner without a campaign (or, for an owner, the scan again)
    POST /scan/answer       one answer to the open flow (any flow: scan, what_if, hired, consent)
    GET  /scan/result       the result (webresult adds the picture, PDF, support, what-if…)
    GET  /scan/r/{token}    resume link: sets the cookie, -> /scan (any device)
    GET|POST /scan/restart  start over (asks first): a new link, the old one stops working
    POST /scan/language     the language switch

Interfaces for other modules (webresult, webmail, weblinks):
- `bot.web.owners.pages`:
  - `owner_page(owner_required=True)`: decorator for a handler `async def h(page: OwnerPage)`:
    opens a db session, finds the owner by the "tredebot_owner" cookie, sets the locale (the
    owner's stored language, else the switch's cookie, else Accept-Language), applies the rate
    limits (per link and per address; a friendly 429 page) and checks the CSRF token (form
    field "csrf") on every POST (an anonymous POST: its Origin). Without an owner and with
    `owner_required`, the visitor is sent to the start page.
  - `OwnerPage`: `.request`, `.db`, `.settings`, `.deps`, `.locale`, `.owner` (User | None),
    `.token`, `.csrf`, `.resume_link`, `.today`, `.render(template, status=200, **values)`
    (every template gets `owner`, `csrf`, `resume_link`, `locale`, `languages`, `here`,
    `static`), `.redirect(path)` (303).
  - `remember_owner(response, settings, token)` / `forget_owner(response, settings)`: the cookie.
- `bot.web.owners.views`: `add_routes(router)`; `start_flow(page, flow, subject)`: open any
  flow (what_if, hired, consent, scan) for the owner as bot/handlers/starting.py does through
  the services, then redirect to /scan, where the question page asks it (a flow with answers
  open is left only when `leave_others`).
- `bot.web.owners.questions`: `question_view(talk, locale)`: the engine's Prompt as what the
  template draws; `OVERVIEWS[flow_id]`: an optional async function (page, talk) -> list of HTML
  blocks shown under a group overview's question (the what-if's recomputed result: register
  it there); `WEB_WORDING`: a question's words on the web where the chat's name Telegram's
  buttons (msgid -> msgid).
- After a flow other than the scan ends, the owner lands on /scan/result?done=<flow> (its
  confirm) or ?done=<flow>-stopped (its way out; a notice says nothing changed); the result
  template gets `done` for its sections. A flow that ends with the scan waiting goes back to
  /scan (?n=back).
- `pages.client_address(request)`: the client's address (behind the proxy: the forwarded one),
  and `pages.LIMITS` (the app's `Buckets`, bot/runtime/rate_limits.py WEB_LIMITS) for a page
  that limits something of its own (e.g. e-mails per address).
- `bot.services.web_owners`: make, by_token, issue_link (one more link, e.g. per e-mail),
  start_over, landing.
- Templates in bot/web/templates/owners/: `base.html` (blocks `title`, `main`; the resume box
  and the language switch are in it), `result.html` (block `result_sections` for the picture,
  PDF, support lines, what-if, consent and privacy).
"""
