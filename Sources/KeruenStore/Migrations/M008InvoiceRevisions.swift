extension Migration {
    /// A correction of a registered declaration revises its invoice: the lines of every revision are
    /// kept (numbered on after the earlier ones), the invoice shows the latest.
    static let m008InvoiceRevisions = Migration(version: 8, name: "invoice revisions", statements: [
        "ALTER TABLE invoices ADD COLUMN revision INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE invoice_lines ADD COLUMN revision INTEGER NOT NULL DEFAULT 1",
    ])
}
