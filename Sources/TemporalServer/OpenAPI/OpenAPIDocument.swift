import TShellJSON
import TemporalAPI

/// The OpenAPI 3.1 description of the API, built from the shared endpoint table so that it
/// cannot drift from what the routes accept.
enum OpenAPIDocument {
  static func make() -> JSONValue {
    var paths = JSONObject()
    for endpoint in Endpoint.allCases {
      var operations = paths[endpoint.path]?.objectValue ?? JSONObject()
      operations[endpoint.method.rawValue.lowercased()] = operation(endpoint)
      // On the path, so that the methods it does not serve share them.
      let parameters = endpoint.parameterNames.map { name -> JSONValue in
        ["name": .string(name), "in": "path", "required": true, "schema": ["type": "string"]]
      }
      if !parameters.isEmpty { operations["parameters"] = .array(parameters) }
      paths[endpoint.path] = .object(operations)
    }
    paths[ServiceRoute.health.path] = [
      "get": [
        "operationId": "health", "summary": "Whether the server and its database answer",
        "responses": [
          "200": ["description": "ok", "content": ["text/plain": ["schema": ["type": "string", "const": "ok"]]]],
          "503": ["description": "the database does not answer", "content": ["text/plain": ["schema": ["type": "string"]]]],
        ],
      ]
    ]
    declareUnservedMethods(&paths)
    return [
      "openapi": "3.1.0",
      "info": [
        "title": "Temporal v2 Account API", "version": "2.0.0",
        "description": "The account endpoints of Temporal v2 as served by tshell serve.",
      ],
      "servers": [["url": "/"]],
      "paths": .object(paths),
      "components": components(),
    ]
  }

  /// Methods a path does not serve answer 404 `404 page not found`, as the original's did (not
  /// 405): the document says so, so that it describes every answer the server gives. OPTIONS
  /// with an `Origin` is a CORS preflight (204).
  private static func declareUnservedMethods(_ paths: inout JSONObject) {
    let notFound: JSONValue = [
      "description": "not served: `404 page not found`, as the original answered",
      "content": ["text/plain": ["schema": ["type": "string", "const": "404 page not found"]]],
    ]
    for path in Array(paths.keys) {
      var operations = paths[path]?.objectValue ?? JSONObject()
      for method in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] where operations[method] == nil {
        var responses = JSONObject()
        responses["404"] = notFound
        if method == "options" { responses["204"] = ["description": "a CORS preflight (a request with `Origin`)"] }
        let name = path.split(separator: "/").map { $0.filter { $0.isLetter || $0.isNumber } }.joined(separator: "_")
        operations[method] = [
          "operationId": .string("\(method)_\(name)_unserved"), "summary": "Not served", "responses": .object(responses),
        ]
      }
      paths[path] = .object(operations)
    }
  }

  private static func operation(_ endpoint: Endpoint) -> JSONValue {
    var operation = JSONObject()
    operation["operationId"] = .string(endpoint.rawValue)
    operation["summary"] = .string(endpoint.summary)
    if endpoint.requiresToken { operation["security"] = [["bearer": []]] }
    if endpoint == .login {
      operation["requestBody"] = [
        "required": true,
        "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Credentials"]]],
      ]
    } else if !endpoint.formFields.isEmpty {
      var properties = JSONObject()
      for field in endpoint.formFields { properties[field] = ["type": "string", "minLength": 1] }
      if endpoint == .newKey { properties["key_type"] = ["type": "string", "enum": ["rsa", "ed25519", "RSA", "ED25519"]] }
      let schema: JSONValue = [
        "type": "object", "required": .array(endpoint.formFields.map(JSONValue.string)), "properties": .object(properties),
      ]
      operation["requestBody"] = [
        "required": true,
        "content": ["application/x-www-form-urlencoded": ["schema": schema], "multipart/form-data": ["schema": schema]],
      ]
    }
    operation["responses"] = .object(responses(endpoint))
    return .object(operation)
  }

  private static func responses(_ endpoint: Endpoint) -> JSONObject {
    var responses = JSONObject()
    switch endpoint {
    case .login, .refresh:
      responses["200"] = response("a token valid for 24 hours", "TokenResponse")
      responses["400"] = response("the body is not JSON with a username and password", "MessageResponse")
      responses["401"] = response("wrong credentials, or a token that is invalid or too old to refresh", "MessageResponse")
    default:
      responses["200"] = response("the answer in `response`", "Envelope")
      responses["400"] = response("a missing field or another refusal, explained in `response`", "Envelope")
    }
    if endpoint.requiresToken {
      responses["401"] = response("no, a malformed, an invalid or an expired token", "MessageResponse")
      responses["403"] = response("the account is not verified or is disabled", "MessageResponse")
    }
    if endpoint == .listKeys { responses["404"] = response("`no keys`", "Envelope") }
    if endpoint == .newKey {
      responses["404"] = response("`failed to search for key`", "Envelope")
      responses["409"] = response("`key name already exists`", "Envelope")
    }
    if operationHasBody(endpoint) {
      responses["413"] = response("the body is larger than `--max-body-size` (the connection is closed)", "Envelope")
    }
    if endpoint == .newKey {
      responses["503"] = response("too many RSA keys are being generated: try again after `Retry-After`", "Envelope")
    }
    responses["429"] = ["description": "Limit exceeded", "content": ["text/plain": ["schema": ["type": "string"]]]]
    return responses
  }

  private static func operationHasBody(_ endpoint: Endpoint) -> Bool {
    endpoint == .login || !endpoint.formFields.isEmpty
  }

  private static func response(_ description: String, _ schema: String) -> JSONValue {
    [
      "description": .string(description),
      "content": ["application/json": ["schema": ["$ref": .string("#/components/schemas/\(schema)")]]],
    ]
  }

  private static func components() -> JSONValue {
    [
      "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT"]],
      "schemas": [
        "Credentials": [
          "type": "object", "required": ["username", "password"],
          "properties": ["username": ["type": "string"], "password": ["type": "string"]],
        ],
        "Envelope": [
          "type": "object", "required": ["code", "response"],
          "properties": ["code": ["type": "integer"], "response": [:]],
        ],
        "MessageResponse": [
          "type": "object", "required": ["code", "message"],
          "properties": ["code": ["type": "integer"], "message": ["type": "string"]],
        ],
        "TokenResponse": [
          "type": "object", "required": ["expire", "token"],
          "properties": ["expire": ["type": "string", "format": "date-time"], "token": ["type": "string"]],
        ],
      ],
    ]
  }
}
