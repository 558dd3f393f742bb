// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "keruen",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "keruen", targets: ["keruen"]),
        // For the benchmarks package in Benchmarks/.
        .library(name: "KeruenLibrary", targets: ["KeruenCore", "KeruenReference", "KeruenSignature", "KeruenStore", "KeruenServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV.git", from: "0.10.0"),
    ],
    targets: [
        .target(
            name: "KeruenCore"
        ),
        // CMS signature verification and X.509 path validation against the administrators' trust anchors.
        .target(
            name: "KeruenSignature",
            dependencies: [
                "KeruenCore",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "KeruenReference",
            dependencies: ["KeruenCore", .product(name: "SwiftCSV", package: "SwiftCSV")],
            resources: [.copy("Data")]
        ),
        // The system's SQLite library (Debian: libsqlite3-dev), for the embedded database.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // Kept apart from KeruenStore: sqlite-nio's bundled SQLite headers (SQLiteKit's dialect) clash with the system's.
        .target(name: "KeruenSQLite", dependencies: ["CSQLite"]),
        .target(
            name: "KeruenStore",
            dependencies: [
                "KeruenCore", "KeruenSQLite",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "KeruenAPI",
            dependencies: [
                "KeruenCore",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            exclude: ["openapi.yaml", "openapi-generator-config.yaml"]
        ),
        .target(
            name: "KeruenServer",
            dependencies: [
                "KeruenCore", "KeruenReference", "KeruenStore", "KeruenAPI", "KeruenSignature",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            resources: [.copy("Templates"), .copy("Public"), .copy("Localization")]
        ),
        .target(
            name: "KeruenCLI",
            dependencies: [
                "KeruenServer", "KeruenStore", "KeruenReference", "KeruenCore", "KeruenSignature",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .executableTarget(
            name: "keruen",
            dependencies: ["KeruenCLI"]
        ),
        .target(
            name: "KeruenTestSupport",
            dependencies: [
                "KeruenServer", "KeruenStore", "KeruenCore", "KeruenReference", "KeruenSignature",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/KeruenTestSupport"
        ),
        .testTarget(name: "KeruenCoreTests", dependencies: ["KeruenCore", "KeruenTestSupport"]),
        .testTarget(name: "KeruenSignatureTests", dependencies: ["KeruenSignature", "KeruenTestSupport"]),
        .testTarget(name: "KeruenReferenceTests", dependencies: ["KeruenReference", "KeruenTestSupport"]),
        .testTarget(name: "KeruenStoreTests", dependencies: ["KeruenStore", "KeruenServer", "KeruenTestSupport"]),
        .testTarget(
            name: "KeruenServerTests",
            dependencies: [
                "KeruenServer", "KeruenTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        .testTarget(name: "KeruenCLITests", dependencies: ["KeruenCLI", "KeruenTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
