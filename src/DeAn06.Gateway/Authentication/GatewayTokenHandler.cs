using DeAn06.Gateway.Tokens;
using Microsoft.IdentityModel.Tokens;

namespace DeAn06.Gateway.Authentication;

/// <summary>
/// JwtBearer's token handler, handing every token to <see cref="TokenService.ValidateAsync"/>: the
/// gateway's own checks, and its cache of validated tokens (a known token costs a lookup, not an
/// ES256 verification). The validation parameters JwtBearer passes are not used.
/// </summary>
internal sealed class GatewayTokenHandler(TokenService tokens) : TokenHandler
{
    public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters) =>
        tokens.ValidateAsync(token);
}
