import Foundation
import KeruenCore
import KeruenServer
import KeruenStore
import KeruenTestSupport
import Testing

@Suite struct DeclarationDocumentTests {
    func draft(items: Int) -> Declaration {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        return Declaration(id: TimeOrderedID.make(at: now), version: 1, status: .draft, content: DemoDeclarations.importFromChina(itemCount: items),
                           createdBy: "tester", createdAt: now, updatedAt: now)
    }

    @Test func everyContentVersionStaysReadable() async throws {
        try await TestDatabase.withStore { store in
            let first = try DeclarationDocument(draft(items: 2))
            var changed = first.declaration
            changed.content = DemoDeclarations.importFromChina(itemCount: 5)
            changed.version = 2
            let second = try DeclarationDocument(changed)
            let updated = try await store.write { session in
                try await session.declarations.insert(first, event: StatusChange(status: .draft, at: first.declaration.createdAt, actor: "tester"))
                return try await session.declarations.updateContent(second, expectedVersion: 1)
            }
            #expect(updated)
            let current = try await store.read { try await $0.declarations.find(id: first.declaration.id) }
            #expect(current == second)
            let earlier = try await store.read { try await $0.declarations.document(reference: try first.reference()) }
            #expect(earlier == first)
            #expect(earlier?.declaration.content.items.count == 2)
        }
    }

    @Test func theStateDigestFollowsContentAndStatus() throws {
        let document = try DeclarationDocument(draft(items: 2))
        var registered = document
        registered.declaration.status = .registered
        var otherContent = document.declaration
        otherContent.content.items[0].netMass = 1
        #expect(try document.stateDigest() == DeclarationDocument(document.declaration).stateDigest())
        #expect(try document.stateDigest() != registered.stateDigest())
        #expect(try document.stateDigest() != DeclarationDocument(otherContent).stateDigest())
    }
}
