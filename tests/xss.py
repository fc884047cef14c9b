"""A corpus of hostile strings, and a checker that proves a page did not turn them into markup."""

from html.parser import HTMLParser

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '"><img src=x onerror=alert(2)>',
    "'><svg onload=alert(3)>",
    "<svg><script>alert(4)</script></svg>",
    "<svg/onload=alert(5)>",
    "<iframe src=javascript:alert(6)></iframe>",
    "javascript:alert(7)",
    "JaVaScRiPt:alert(8)",
    '<a href="javascript:alert(9)">click</a>',
    "<body onload=alert(10)>",
    '<div style="background:url(javascript:alert(11))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(12)>",
    "{{7*7}}",
    "{% raw %}{{ config }}{% endraw %}",
    "${7*7}",
    "<%= 7*7 %>",
    "<b>bold</b> & <i>italic</i>",
    "&lt;script&gt;alert(13)&lt;/script&gt;",
    "&#60;script&#62;alert(14)&#60;/script&#62;",
    "\u003cscript\u003ealert(15)\u003c/script\u003e",
    "＜script＞alert(16)＜/script＞",
    "<scr<script>ipt>alert(17)</scr</script>ipt>",
    '"onmouseover="alert(18)',
    "' onfocus='alert(19)' autofocus='",
    "<input autofocus onfocus=alert(20)>",
    "<details open ontoggle=alert(21)>",
    "<object data=javascript:alert(22)>",
    "<embed src=javascript:alert(23)>",
    "<base href=//evil.example/>",
    "<meta http-equiv=refresh content=0;url=javascript:alert(24)>",
    "<form action=javascript:alert(25)><button>go</button></form>",
    "\u202eexe.txt <script>alert(26)</script>",
    "Zoë & Łukasz <script>alert(27)</script> — “quoted” 🙂",
    "<template><script>alert(28)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(29)>">',
    'hx-get="/sign-out" hx-trigger="load"',
    '<div hx-post="/maps/1/delete" hx-trigger="load">x</div>',
    "]]><script>alert(30)</script>",
]

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href"}


class MarkupAudit(HTMLParser):
    """Collects anything on a page that would let a stored string run or act."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag == "script" and not (dict(attrs).get("src") or "").startswith("/static/"):
            self.problems.append(f"inline or foreign <script> {attrs}")
        if tag in {"iframe", "object", "embed", "base", "meta", "img", "math"} and tag != "meta":
            self.problems.append(f"unexpected <{tag}>")
        if tag == "meta" and "http-equiv" in names:
            self.problems.append("meta refresh")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event attribute {name} on <{tag}>")
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL in {name}")
            if name.startswith("hx-") and tag == "div" and (value or "") == "x":
                self.problems.append("unexpected htmx attribute")
        if tag == "div" and "hx-post" in names and dict(attrs).get("hx-trigger") == "load":
            self.problems.append("injected htmx trigger")


def markup_problems(html: str) -> list[str]:
    audit = MarkupAudit()
    audit.feed(html)
    return audit.problems
