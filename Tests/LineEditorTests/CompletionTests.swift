import Testing

@testable import LineEditor

@Suite("What Tab inserts and lists")
struct CompletionTests {
  @Test func aSingleCandidateIsFinishedWithItsTerminator() {
    #expect(Completion(word: "us", candidates: ["usage", "user"]).insertion == nil)
    #expect(Completion(word: "usa", candidates: ["usage", "user"]).insertion == "ge ")
    #expect(Completion(word: "do", candidates: ["docs/"], terminator: "").insertion == "cs/")
  }

  @Test func severalCandidatesInsertWhatTheyShare() {
    #expect(Completion(word: "$.K", candidates: ["$.KeysAllowed", "$.KeysCreated", "$.Tier"]).insertion == "eys")
    #expect(Completion(word: "$.Keys", candidates: ["$.KeysAllowed", "$.KeysCreated"]).insertion == nil)
    #expect(Completion(word: "x", candidates: ["usage"]).insertion == nil)
  }

  @Test func columnsReadDownLikeLs() {
    #expect(Completion.columns(["e", "d", "c", "b", "a"], width: 9) == "a  c  e\nb  d")
    #expect(Completion.columns(["alpha", "beta"], width: 80) == "alpha  beta")
    #expect(Completion.columns(["a-very-long-name", "b"], width: 10) == "a-very-long-name\nb")
    #expect(Completion.columns([], width: 80) == "")
  }
}
