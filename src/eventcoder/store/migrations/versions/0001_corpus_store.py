"""The corpus store: documents, reports, merged events, quarantine.

Revision ID: 0001
Revises:
Create Date: 2026-11-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("external_id", sa.String(200)),
        sa.Column("source_name", sa.Text()),
        sa.Column("url", sa.Text()),
        sa.Column("outlet", sa.String(300)),
        sa.Column("title", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.Column("lang", sa.String(16)),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("n_reports", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "document_id",
            sa.String(32),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("event_id", sa.String(32), nullable=False),
        sa.Column("block", sa.String(100)),
        sa.Column("event_date", sa.Date()),
        sa.Column("event_type", sa.String(100)),
        sa.Column("sub_event_type", sa.String(100)),
        sa.Column("country", sa.String(100)),
        sa.Column("location", sa.String(300)),
        sa.Column("latitude", sa.Float()),
        sa.Column("longitude", sa.Float()),
        sa.Column("fatalities", sa.Integer()),
        sa.Column("fatalities_low", sa.Integer()),
        sa.Column("fatalities_high", sa.Integer()),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
    )
    op.create_index("ix_reports_document_id", "reports", ["document_id"])
    op.create_index("ix_reports_event_id", "reports", ["event_id"])
    op.create_index("ix_reports_block_date", "reports", ["block", "event_date"])
    op.create_table(
        "events",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("event_date", sa.Date()),
        sa.Column("event_type", sa.String(100)),
        sa.Column("sub_event_type", sa.String(100)),
        sa.Column("country", sa.String(100)),
        sa.Column("admin1", sa.String(200)),
        sa.Column("location", sa.String(300)),
        sa.Column("latitude", sa.Float()),
        sa.Column("longitude", sa.Float()),
        sa.Column("fatalities", sa.Integer()),
        sa.Column("fatalities_low", sa.Integer()),
        sa.Column("fatalities_high", sa.Integer()),
        sa.Column("n_sources", sa.Integer(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("provenance", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_events_event_date", "events", ["event_date"])
    op.create_index("ix_events_country", "events", ["country"])
    op.create_table(
        "quarantine",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("document_id", sa.String(32)),
        sa.Column("at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("quarantine")
    op.drop_index("ix_events_country", "events")
    op.drop_index("ix_events_event_date", "events")
    op.drop_table("events")
    op.drop_index("ix_reports_block_date", "reports")
    op.drop_index("ix_reports_event_id", "reports")
    op.drop_index("ix_reports_document_id", "reports")
    op.drop_table("reports")
    op.drop_table("documents")
