/// Which transport carries a base URL's requests.
public enum TransportChoice: String, Sendable {
  /// `http://` on blocking keep-alive sockets, `https://` through AsyncHTTPClient (TLS).
  case automatic
  /// Everything through AsyncHTTPClient (`TSHELL_HTTP_CLIENT=async-http-client`).
  case asyncHTTPClient = "async-http-client"

  /// The transport for requests to `baseURL`; requests stop waiting once `cancelled` says so.
  /// `certificateAuthorities` is a PEM file of the authorities https servers must chain to
  /// instead of the system's.
  public func transport(
    for baseURL: String, connectTimeout: Double, certificateAuthorities: String? = nil,
    cancelled: @escaping @Sendable () -> Bool = { false }
  ) -> any HTTPTransport {
    if self == .automatic, baseURL.hasPrefix("http://") {
      return SocketTransport(connectTimeout: connectTimeout, cancelled: cancelled)
    }
    return AsyncHTTPTransport(
      connectTimeout: connectTimeout, certificateAuthorities: certificateAuthorities, cancelled: cancelled)
  }
}
