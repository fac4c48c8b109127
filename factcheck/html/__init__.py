"""The HTML report: one self-contained static page (inline CSS, SVG and a little plain JavaScript).

``page.render_page(report)`` builds it; ``numberline`` draws a fact's claims on a common axis, ``annotate``
marks mentions and findings in an article's text, ``values`` converts and formats numbers for people.
Everything taken from articles, rules or findings goes through ``html.escape`` before it reaches the page.
"""
