// swift-tools-version: 6.0
// A separate package so that the main build never runs the OpenAPI generator:
// Scripts/generate-openapi.sh builds this once and regenerates Sources/KeruenAPI/Generated.
import PackageDescription

let package = Package(
    name: "openapi-generator-runner",
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator.git", exact: "1.14.3"),
    ],
    targets: []
)
