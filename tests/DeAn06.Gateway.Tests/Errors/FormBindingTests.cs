using System.Text;
using DeAn06.Gateway.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeAn06.Gateway.Tests.Errors;

[Collection(GatewayCollection.Name)]
public sealed class FormBindingTests(GatewayFixture fixture)
{
    [Fact]
    public async Task OperatorSignIn_FormOverTheFieldLimit_400MalformedForm()
    {
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway();
        using HttpClient client = gateway.CreateClient();
        string form = string.Join('&', Enumerable.Range(0, 1100).Select(i => $"k{i}=v"));
        HttpResponseMessage response = await client.PostAsync("/ops/login", new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"));
        await GatewayFixture.ProblemAsync(response, 400, "MALFORMED_FORM");
    }
}
