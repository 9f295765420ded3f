import Foundation
import Hummingbird
import MultipartKit
import NIOPosix
import TemporalAPI

/// The form fields of a request body, `application/x-www-form-urlencoded` or `multipart/form-data`
/// (the query string is never read, as in the original).
struct FormFields {
  private var values: [String: String] = [:]
  /// The most fields an urlencoded form may have (every endpoint reads three at most).
  static let maximumFields = 64
  /// The largest urlencoded body read, in bytes.
  static let maximumURLEncodedBytes = 64 * 1024

  static func read(_ request: Request, context: ServerContext) async throws(FormRefusal) -> FormFields {
    guard let header = request.headers[.contentType] else { return FormFields() }
    let contentType = header.lowercased()
    var fields = FormFields()
    if contentType.hasPrefix("application/x-www-form-urlencoded") {
      // Bounded before anything is decoded: no endpoint's form comes near 64 KiB or 64 fields,
      // and a megabyte of `f=v&` (250,000 fields) would hold a thread from every other client.
      guard let body = try? await request.body.collect(upTo: FormFields.maximumURLEncodedBytes) else {
        throw FormRefusal(APIMessage.formTooLarge(FormFields.maximumURLEncodedBytes), status: 413)
      }
      let separators = body.withUnsafeReadableBytes { bytes in
        var count = 0
        var rest = UnsafeRawBufferPointer(rebasing: bytes[...])
        while let base = rest.baseAddress, let found = memchr(base, Int32(UInt8(ascii: "&")), rest.count) {
          count += 1
          rest = UnsafeRawBufferPointer(rebasing: rest[(base.distance(to: UnsafeRawPointer(found)) + 1)...])
        }
        return count
      }
      guard separators < FormFields.maximumFields else {
        throw FormRefusal(APIMessage.tooManyFormFields(FormFields.maximumFields), status: 413)
      }
      for (name, value) in PercentEncoding.formFields(String(buffer: body)) where fields.values[name] == nil {
        fields.values[name] = value
      }
    } else if contentType.hasPrefix("multipart/form-data"), let boundary = FormFields.boundary(header) {
      guard let body = try? await request.body.collect(upTo: context.maxUploadSize) else { return FormFields() }
      let bytes = Array(buffer: body)
      guard MultipartShape.isBounded(bytes, boundary: boundary) else { throw FormRefusal(APIMessage.tooManyFormParts) }
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
  func value(_ name: String) throws(FormRefusal) -> String? {
    guard let value = values[name], !value.isEmpty else { return nil }
    if NameRule.containsControlCharacter(value) { throw FormRefusal(APIMessage.controlCharacters(name)) }
    return value
  }

  /// The form these fields make, or why they make none.
  func decode<Form: APIForm>(_ type: Form.Type) throws(FormRefusal) -> Form {
    try Form { name throws(FormRefusal) in try value(name) }
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
