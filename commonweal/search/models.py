from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One public item of one community, as search sees it (DESIGN.md, Search).

    Written in the same transaction as the item it describes. It is the PostgreSQL backend's
    index and OpenSearch's outbox: every write takes a new `version` from one sequence, and a
    withdrawn item keeps its row with `visible=False` so the deletion reaches OpenSearch too.
    `title_terms` / `name_terms` / `body_terms` hold the terms of commonweal.search.text (CJK
    bigrams, single characters, words, and the title's pinyin; the names are the item's kind,
    category and community); `document` is their tsvector, weighted A (title), B (names) and
    D (body) so a query can ask in which field a term is.
    """

    community = models.ForeignKey(
        "tenants.Community", on_delete=models.CASCADE, related_name="search_documents"
    )
    kind = models.CharField(_("kind"), max_length=32)
    key = models.CharField(_("key"), max_length=64, help_text=_("The item's id in its community."))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    category = models.CharField(_("category"), max_length=64, blank=True)
    tags = ArrayField(models.CharField(max_length=64), default=list, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)
    url = models.CharField(max_length=300, blank=True)
    visible = models.BooleanField(default=True)
    version = models.BigIntegerField(db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    title_terms = models.TextField(default="", blank=True, editable=False)
    name_terms = models.TextField(default="", blank=True, editable=False)
    body_terms = models.TextField(default="", blank=True, editable=False)
    exact_key = models.CharField(max_length=200, default="", blank=True, editable=False)
    document = models.GeneratedField(
        expression=SearchVector("title_terms", config="simple", weight="A")
        + SearchVector("name_terms", config="simple", weight="B")
        + SearchVector("body_terms", config="simple", weight="D"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # The title's terms alone, with their own GIN index: "is this a title match?" is an index
    # probe, not a TOAST fetch per row (migration 0005 keeps the wide columns out of line).
    title_document = models.GeneratedField(
        expression=SearchVector("title_terms", config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "kind", "key"], name="search_document_unique"
            )
        ]
        indexes = [
            GinIndex(fields=["document"], name="search_document_terms"),
            GinIndex(fields=["title_document"], name="search_document_title_terms"),
            models.Index(fields=["exact_key"], name="search_document_exact"),
        ]

    def __str__(self):
        return f"{self.kind}:{self.key} {self.title}"


class SearchSyncState(models.Model):
    """How far OpenSearch has caught up: every version up to `shipped_version` is there."""

    name = models.CharField(max_length=32, primary_key=True)
    index = models.CharField(max_length=100, blank=True)
    shipped_version = models.BigIntegerField(default=0)
    shipped_total = models.BigIntegerField(default=0)
    last_error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search sync state")
        verbose_name_plural = _("search sync states")

    def __str__(self):
        return f"{self.name} ≤ {self.shipped_version}"
