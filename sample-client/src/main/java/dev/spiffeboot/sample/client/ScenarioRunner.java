package dev.spiffeboot.sample.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

import dev.spiffeboot.security.grpc.client.SpiffeGrpcChannels;
import dev.spiffeboot.security.oauth2.client.AccessTokens;
import dev.spiffeboot.security.oauth2.client.ClientIdJwts;
import dev.spiffeboot.security.oauth2.client.SvidSigningKeys;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

/** Runs every scenario once, prints a line for each and a summary table, and sets the exit code. */
@Component
class ScenarioRunner implements ApplicationRunner, ExitCodeGenerator {

    private final Scenarios scenarios;

    private final HttpStack<?> http;

    private final SampleClientProperties properties;

    private final X509Source x509Source;

    private final List<String> only;

    private volatile int exitCode = 1;

    ScenarioRunner(SampleClientProperties properties, HttpStack<?> http, X509Source x509Source, JwtSource jwtSource,
            GrpcChannelFactory grpcChannels, SpiffeGrpcChannels spiffeGrpcChannels, AccessTokens accessTokens,
            ObjectProvider<ClientIdJwts> clientIdJwts, ObjectProvider<SvidSigningKeys> signingKeys) {
        this.scenarios = new Scenarios(properties, http, x509Source, jwtSource,
                new GrpcScenarios(properties, grpcChannels, spiffeGrpcChannels), new OAuthScenarios(properties, http, x509Source,
                        accessTokens, clientIdJwts.getIfAvailable(), signingKeys.getIfAvailable()));
        this.http = http;
        this.properties = properties;
        this.x509Source = x509Source;
        this.only = properties.only();
    }

    @Override
    public void run(ApplicationArguments arguments) {
        System.out.println("Client " + this.x509Source.x509Svid().id() + ": running the SPIFFE scenarios with " + this.http.name()
                + " against " + this.properties.serverUrl());
        List<Scenario> selected = select(this.scenarios.all());
        if (selected == null) {
            return;
        }
        List<String[]> rows = new ArrayList<>();
        int failures = 0;
        for (Scenario scenario : selected) {
            Outcome outcome = scenario.run();
            System.out.println("[" + outcome.result() + "] " + scenario.name() + ": " + outcome.detail());
            rows.add(new String[] { scenario.name(), scenario.expected(), outcome.result() });
            failures += outcome.failed() ? 1 : 0;
        }
        printTable(rows);
        System.out.println((rows.size() - failures) + " of " + rows.size() + " scenarios behaved as expected");
        this.exitCode = (failures == 0) ? 0 : 1;
    }

    /** The scenarios {@code sample.only} names, or null (and a message) when it names one that does not exist. */
    private List<Scenario> select(List<Scenario> all) {
        if (this.only.isEmpty()) {
            return all;
        }
        List<String> names = all.stream().map(Scenario::name).toList();
        List<String> unknown = this.only.stream().filter(name -> !names.contains(name)).toList();
        if (!unknown.isEmpty()) {
            System.out.println("sample.only names unknown scenarios " + unknown + "; the scenarios are " + names);
            return null;
        }
        return all.stream().filter(scenario -> this.only.contains(scenario.name())).toList();
    }

    private static void printTable(List<String[]> rows) {
        String format = "%-42s %-34s %s%n";
        System.out.println();
        System.out.printf(Locale.ROOT, format, "scenario", "expected", "result");
        System.out.printf(Locale.ROOT, format, "-".repeat(42), "-".repeat(34), "------");
        for (String[] row : rows) {
            System.out.printf(Locale.ROOT, format, (Object[]) row);
        }
        System.out.println();
    }

    @Override
    public int getExitCode() {
        return this.exitCode;
    }
}
