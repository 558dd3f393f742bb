extension Migration {
    /// A declarant's registrations are counted from the declarations when selectivity needs them, so the
    /// counter that every registration updated goes.
    static let m011RegistrationsCounted = Migration(version: 11, name: "registrations counted from declarations", statements: [
        "ALTER TABLE compliance_records DROP COLUMN registered",
    ])
}
