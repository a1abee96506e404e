from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django_htmx.middleware import HtmxDetails

from mesoclinic.domain.estimate import estimate_course
from mesoclinic.planning.forms import EstimateForm
from mesoclinic.planning.presenters import summary_rows
from mesoclinic.planning.protocol import current_protocol


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@require_http_methods(["GET", "POST"])
def estimate(request: HtmxHttpRequest) -> HttpResponse:
    """The estimator. POST (from htmx on every change, or the submit button) carries the
    values in the body, so no clinical value ever lands in a URL or an access log."""
    protocol = current_protocol()
    data = request.POST if request.method == "POST" else None
    form = EstimateForm(
        data or EstimateForm.defaults(protocol, timezone.localdate()), protocol=protocol
    )
    result = None
    if form.is_valid() and form.plan_request is not None:
        result = estimate_course(form.plan_request, protocol)
    context = {
        "form": form,
        "estimate": result,
        "rows": summary_rows(result) if result else [],
        "computed_from": form.computed_from() if result else "",
        "protocol": protocol,
    }
    # A live change gets the result and the error slots only: the inputs stay as typed.
    template = "planning/_live.html" if request.htmx else "planning/estimate.html"
    return render(request, template, context)
