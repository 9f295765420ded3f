import Foundation
import Hummingbird
import MultipartKit
import NIOPosix
import TemporalAPI

/// The form fields of a request body, `application/x-www-form-urlencoded` or `multipart/form-data`
/// (the query string is never read, as in the original).
struct FormFields {
  private var values: [String: String] = [:]

  /// Why a form cannot be used: the 400 text.
  struct Refusal: Error {
    var message: String
  }

  static func read(_ request: Request, context: ServerContext) async throws(Refusal) -> FormFields {
    guard let header = request.headers[.contentType] else { return FormFields() }
    let contentType = header.lowercased()
    guard let body = try? await request.body.collect(upTo: context.maxUploadSize) else { return FormFields() }
    var fields = FormFields()
    if contentType.hasPrefix("application/x-www-form-urlencoded") {
      for (name, value) in PercentEncoding.formFields(String(buffer: body)) where fields.values[name] == nil {
        fields.values[name] = value
      }
    } else if contentType.hasPrefix("multipart/form-data"), let boundary = FormFields.boundary(header) {
      let bytes = Array(buffer: body)
      guard MultipartShape.isBounded(bytes, boundary: boundary) else { throw Refusal(message: APIMessage.tooManyFormParts) }
      // Bounded, but still the largest parse a request can ask for: keep it off the event loop.
      let parts = try? await NIOThreadPool.singleton.runIfActive {
        try FormDataDecoder().decode([String: String].self, from: bytes, boundary: boundary)
      }
      fields.values = parts ?? [:]
    }
    return fields
  }

  /// The value of `name`, or nil when missing or empty; refused when it holds a control character
  /// (a NUL would end the text where SQLite and C see it, but not where Swift does).
  func value(_ name: String) throws(Refusal) -> String? {
    guard let value = values[name], !value.isEmpty else { return nil }
    if NameRule.containsControlCharacter(value) { throw Refusal(message: APIMessage.controlCharacters(name)) }
    return value
  }

  /// The values of `names`, checked in order; the first missing one is reported as
  /// `<field> not present`.
  func require(_ names: [String]) throws(Refusal) -> [String] {
    var result: [String] = []
    for name in names {
      guard let value = try value(name) else { throw Refusal(message: APIMessage.notPresent(name)) }
      result.append(value)
    }
    return result
  }

  private static func boundary(_ contentType: String) -> String? {
    for parameter in contentType.split(separator: ";").dropFirst() {
      let pair = parameter.split(separator: "=", maxSplits: 1)
      if pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" {
        return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
      }
    }
    return nil
  }
}
