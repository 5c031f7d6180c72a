namespace DeAn06.Gateway.Credentials;

internal static class CredentialsExtensions
{
    /// <summary>Client-credential checks and the failed sign-in budgets (section "SignInLimits").</summary>
    public static IServiceCollection AddClientCredentials(this IServiceCollection services)
    {
        services.AddOptions<SignInLimitOptions>().BindConfiguration(SignInLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IFailedAttemptStore, InMemoryFailedAttemptStore>();
        services.AddSingleton<ClientCredentials>();
        return services;
    }
}
