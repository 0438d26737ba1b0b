"""Reading request bodies: DRF's JSON parser, with every malformed body a 400."""

from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        # Python's json module recurses once per level of nesting, so a body of a few
        # thousand brackets raises RecursionError, which DRF's parser does not catch.
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError("JSON parse error - the body is nested too deeply") from None
