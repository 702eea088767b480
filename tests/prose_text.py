"""The prose of a MyST page: its lines outside front matter and fences,
with inline code and math blanked out (they are code, not words)."""

import re

from book.source_checks import FENCE as _FENCE

# Inline code and math are not prose, and neither are the targets of roles
# that name files or keys ({doc}, {download}, {eq}, {cite}, {glue:...}).
# The text of {term} roles is prose and is kept (replaced first, so that
# its backticks do not pair up with those of inline code).
_TERM = re.compile(r"\{term\}`([^`]*)`")
_NOT_PROSE = re.compile(r"\{[\w:]+\}`[^`]*`|`[^`]*`|\$\$.*?\$\$|\$[^$]*\$")
# Fences whose body is prose: admonitions such as {note}.
_PROSE_FENCES = ("{note}", "{warning}", "{tip}", "{admonition}")


def prose_lines(text):
    """Yield (line number, prose) for each line of prose in a page."""
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        start = next((i + 1 for i, line in enumerate(lines[1:], 1)
                      if line.strip() == "---"), len(lines))
    fences = []  # open fences: (marker, is prose)
    for number, line in enumerate(lines[start:], start + 1):
        match = _FENCE.match(line)
        if match:
            marker, rest = match.groups()
            if (fences and marker[0] == fences[-1][0][0]
                    and len(marker) >= len(fences[-1][0]) and not rest.strip()):
                fences.pop()
            else:
                fences.append((marker, rest.strip().startswith(_PROSE_FENCES)))
            continue
        if fences and not all(prose for _, prose in fences):
            continue
        if line.lstrip().startswith(":") and fences:  # directive options
            continue
        yield number, _NOT_PROSE.sub(" ", _TERM.sub(r"\1", line))
