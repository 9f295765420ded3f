import Foundation
import Hummingbird
import MultipartKit
import TemporalAPI

/// The form fields of a request body, `application/x-www-form-urlencoded` or `multipart/form-data`
/// (the query string is never read, as in the original).
struct FormFields {
  private var values: [String: String] = [:]

  /// A missing or empty field, reported as `<field> not present`.
  struct NotPresent: Error {
    var field: String
  }

  static func read(_ request: Request, context: ServerContext) async -> FormFields {
    guard let header = request.headers[.contentType] else { return FormFields() }
    let contentType = header.lowercased()
    guard let body = try? await request.body.collect(upTo: context.maxUploadSize) else { return FormFields() }
    let text = String(buffer: body)
    var fields = FormFields()
    if contentType.hasPrefix("application/x-www-form-urlencoded") {
      for (name, value) in PercentEncoding.formFields(text) where fields.values[name] == nil {
        fields.values[name] = value
      }
    } else if contentType.hasPrefix("multipart/form-data"), let boundary = FormFields.boundary(header) {
      if let parts = try? FormDataDecoder().decode([String: String].self, from: text, boundary: boundary) {
        fields.values = parts
      }
    }
    return fields
  }

  /// The value of `name`, or nil when missing or empty.
  subscript(name: String) -> String? {
    guard let value = values[name], !value.isEmpty else { return nil }
    return value
  }

  /// The values of `names`, checked in order; the first missing one is reported.
  func require(_ names: [String]) throws(NotPresent) -> [String] {
    var result: [String] = []
    for name in names {
      guard let value = self[name] else { throw NotPresent(field: name) }
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
