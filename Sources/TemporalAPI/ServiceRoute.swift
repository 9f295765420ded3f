/// What the server answers besides the API's endpoints.
public enum ServiceRoute: String, Sendable, CaseIterable {
  /// The OpenAPI 3.1 description of the endpoints.
  case openAPI = "/v2/openapi.json"
  /// `ok` while the database answers.
  case health = "/health"
  /// A constant answer, the baseline of the server benchmark.
  case hello = "/hello"

  /// The path (always `GET`).
  public var path: String { rawValue }
}
