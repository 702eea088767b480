"""Write the site's landing page, which sends readers to their language.

Usage: python -m book.landing _build/html
"""

import sys
from pathlib import Path

from . import languages

PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{zh_title} · {en_title}</title>
<script>
  // Open the reader's own language; the links below work without script.
  (function () {{
    var langs = navigator.languages || [navigator.language || ""];
    var zh = langs.some(function (l) {{ return /^zh/i.test(l); }});
    var en = langs.some(function (l) {{ return /^en/i.test(l); }});
    if (zh || en) {{
      var first = langs.filter(function (l) {{ return /^(zh|en)/i.test(l); }})[0];
      location.replace((/^zh/i.test(first) ? "zh" : "en") + "/index.html");
    }}
  }})();
</script>
<style>
  body {{ font-family: system-ui, sans-serif; max-width: 36rem;
         margin: 4rem auto; padding: 0 1rem; line-height: 1.6; }}
  a {{ display: block; font-size: 1.4rem; margin: 1rem 0; }}
</style>
</head>
<body>
<h1>{zh_title} · {en_title}</h1>
<a href="zh/index.html" hreflang="zh-CN" lang="zh-CN">{zh_title}（中文版）</a>
<a href="en/index.html" hreflang="en" lang="en">{en_title} (English)</a>
</body>
</html>
"""


def write(html_dir):
    """Write ``index.html`` into the site root and return its path."""
    path = Path(html_dir) / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(
        zh_title=languages.LANGUAGES["zh"]["title"],
        en_title=languages.LANGUAGES["en"]["title"]), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write(sys.argv[1] if len(sys.argv) > 1 else "_build/html"))
