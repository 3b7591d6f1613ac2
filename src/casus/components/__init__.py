"""The analysis components, in pipeline order.

Each module holds one component (events is a package: its coder and helpers). A
component reads the layers it declares in ``requires`` and fills those in ``assigns``;
:class:`casus.pipeline.Pipeline` checks the order when it is built.

1. ``structure``  segments: title, body, captions, pasted headlines, quotes ...
2. ``artifacts``  untranslated fragments, and the document's language
3. ``dates``      dates resolved against the publication date
4. ``actors``     actors coded ISO3 / organisation + sector
5. ``places``     places geocoded through the gazetteer
6. ``genre``      reporting, opinion, analysis
7. ``events``     PLOVER/CAMEO events with roles, factuality and attribution
8. ``claims``     claims with their speaker and sourcing
"""

__all__: list[str] = []
