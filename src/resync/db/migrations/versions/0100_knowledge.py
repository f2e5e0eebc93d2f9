"""Knowledge base: documents, chunks with a full-text index, resolved incidents.

The full-text index is dialect-specific: an FTS5 virtual table on SQLite
(``unicode61 remove_diacritics 2`` so "execução" matches "execucao"; ``porter`` on top
for plural/verb forms), a weighted ``tsvector`` column with a GIN index on PostgreSQL
(``unaccent`` folds accents; the extension is trusted, a database owner may create it).

Revision ID: 0100_knowledge
Revises: 0001_base
"""

import sqlalchemy as sa
from alembic import op

revision = "0100_knowledge"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "knowledge_documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.String(512), nullable=False, unique=True),
        sa.Column("title", sa.String(512), nullable=False),
        sa.Column("media_type", sa.String(32), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("chunk_count", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "knowledge_chunks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "document_id",
            sa.Integer,
            sa.ForeignKey("knowledge_documents.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("source", sa.String(512), nullable=False, index=True),
        sa.Column("title", sa.String(512), nullable=False),
        sa.Column("section", sa.String(1024), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("language", sa.String(8), nullable=False, index=True),
        sa.Column("tags", sa.Text, nullable=False),
        sa.Column("embedding", sa.Text, nullable=True),
    )
    op.create_table(
        "knowledge_incidents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("job_name", sa.String(255), nullable=False, index=True),
        sa.Column("job_stream", sa.String(255), nullable=True),
        sa.Column("workstation", sa.String(255), nullable=True),
        sa.Column("return_code", sa.Integer, nullable=True),
        sa.Column("message_ids", sa.Text, nullable=False),
        sa.Column("abend_code", sa.String(16), nullable=True, index=True),
        sa.Column("log_lines", sa.Text, nullable=False),
        sa.Column("cause", sa.Text, nullable=False),
        sa.Column("fix", sa.Text, nullable=False),
        sa.Column("resolved_by", sa.String(255), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("origin", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE knowledge_fts USING fts5("
            "title, section, body, tags, "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        # The default ranking: bm25 with title and section above the body (column order:
        # title, section, body, tags). "ORDER BY rank" lets FTS5 rank without a sort step.
        op.execute(
            "INSERT INTO knowledge_fts(knowledge_fts, rank) "
            "VALUES('rank', 'bm25(4.0, 3.0, 1.0, 2.0)')"
        )
    elif dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        op.execute("ALTER TABLE knowledge_chunks ADD COLUMN tsv tsvector")
        op.execute("CREATE INDEX ix_knowledge_chunks_tsv ON knowledge_chunks USING GIN (tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS knowledge_fts")
    op.drop_table("knowledge_incidents")
    op.drop_table("knowledge_chunks")
    op.drop_table("knowledge_documents")
