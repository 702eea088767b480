"""SVG plots and figures as vector PDF for the LaTeX build.

The site's plots are SVG (book/kernel_plots.py), and LaTeX cannot include
SVG. This converter turns each into a PDF with ``rsvg-convert`` (Debian's
librsvg2-bin) at build time; Sphinx keeps the converted files under the
doctrees folder, so an unchanged plot is converted once. The plots draw
their text as paths, so the PDFs embed no fonts.
"""

import shutil
import subprocess

from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms.images import ImageConverter

TOOL = "rsvg-convert"
APT_PACKAGE = "librsvg2-bin"


class SvgToPdf(ImageConverter):
    conversion_rules = [("image/svg+xml", "application/pdf")]
    default_priority = 200

    def is_available(self):
        if shutil.which(TOOL) is None:
            raise ExtensionError(f"the PDF's plots need `{TOOL}`: apt-get "
                                 f"install {APT_PACKAGE}")
        return True

    def match(self, node):
        # Only the PDF build converts; EPUB and HTML keep the SVG.
        return self.app.builder.format == "latex" and super().match(node)

    def convert(self, _from, _to):
        convert_file(_from, _to)
        return True


def convert_file(svg, pdf):
    """Write the SVG file ``svg`` as the PDF file ``pdf``."""
    if shutil.which(TOOL) is None:
        raise ExtensionError(f"the PDF's plots need `{TOOL}`: apt-get "
                             f"install {APT_PACKAGE}")
    subprocess.run([TOOL, "--format=pdf", f"--output={pdf}", str(svg)],
                   check=True)


def setup(app):
    app.add_post_transform(SvgToPdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
