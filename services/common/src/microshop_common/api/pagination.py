from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """``{"count", "next", "previous", "results"}``, 20 a page, ``?page_size=`` up to 100.

    A ``page`` or a ``page_size`` that is not a whole number from 1 is a 400, where DRF
    would quietly answer the first page, 20 long: the client asked for something else.
    A ``page_size`` over 100 gets 100.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_number(self, request, paginator):
        _check_whole_number(request, self.page_query_param)
        return super().get_page_number(request, paginator)

    def get_page_size(self, request):
        _check_whole_number(request, self.page_size_query_param)
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {self.page_query_param: {"minimum": 1}, self.page_size_query_param: {"minimum": 1}}
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters


def _check_whole_number(request, name: str) -> None:
    raw = request.query_params.getlist(name)
    if raw and (len(raw) != 1 or not raw[0].isdigit() or int(raw[0]) < 1):
        raise serializers.ValidationError({name: ["Give one whole number from 1."]})
