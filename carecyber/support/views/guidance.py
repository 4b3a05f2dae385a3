"""The guidance library: open to everyone, signed in or not. Search, sections, and each article with its dates."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from carecyber.support import presenters
from carecyber.support.content.render import to_html
from carecyber.support.queries import guidance as queries

QUERY_MAX = 200


def guidance_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:QUERY_MAX]
    context: dict[str, object] = {"page_title": "Guidance", "query": query}
    if query:
        hits = queries.search_articles(query)
        context.update(page_title=f"Search guidance: {query}", hits=hits)
    else:
        context["sections"] = queries.articles_by_kind()
    return render(request, "support/guidance_list.jinja", context)


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = queries.article_by_slug(slug)
    if article is None:
        from django.http import Http404

        raise Http404("No such article")
    if article.withdrawn:
        return render(
            request, "support/article_withdrawn.jinja", {"page_title": article.title, "article": article}, status=410
        )
    shown_version = article.version
    body_html = article.body_html
    title, summary = article.title, article.summary
    old = None
    requested = request.GET.get("version", "")
    if requested.isdigit() and int(requested) != article.version:
        old = queries.revision_of(article, int(requested))
        if old is not None:
            shown_version, body_html, title, summary = old.version, to_html(old.body_markdown), old.title, old.summary
    return render(
        request,
        "support/article.jinja",
        {
            "page_title": title,
            "article": article,
            "title": title,
            "summary": summary,
            "body_html": presenters.trusted_html(body_html),
            "shown_version": shown_version,
            "old_revision": old,
            "revisions": queries.revisions_of(article),
            "related": queries.related_articles(article),
            "review_overdue": article.review_due < timezone.localdate(),
        },
    )
