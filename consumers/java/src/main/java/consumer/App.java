package consumer;

import io.github.cdkcodeconnections.Connection;
import io.github.cdkcodeconnections.ConnectionSourceAction;
import io.github.cdkcodeconnections.GrantUseOptions;
import io.github.cdkcodeconnections.Host;
import io.github.cdkcodeconnections.HostProviderType;
import io.github.cdkcodeconnections.IConnection;
import io.github.cdkcodeconnections.ProviderType;
import java.util.List;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.codebuild.PipelineProject;
import software.amazon.awscdk.services.codepipeline.Artifact;
import software.amazon.awscdk.services.codepipeline.Pipeline;
import software.amazon.awscdk.services.codepipeline.PipelineType;
import software.amazon.awscdk.services.codepipeline.StageProps;
import software.amazon.awscdk.services.codepipeline.actions.CodeBuildAction;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;

/**
 * The consumer app in Java: uses the jar that `npx projen package:java` writes
 * to dist/java exactly as a user would (pom.xml reads dist/java as a Maven
 * repository). Same app, same construct ids as consumers/typescript/app.ts;
 * scripts/compare-consumers.ts checks that the templates match.
 *
 * Run by scripts/consumers.sh: CDK_OUTDIR=dir mvn -q compile exec:java
 */
public final class App {
    public static void main(final String[] args) {
        software.amazon.awscdk.App app = new software.amazon.awscdk.App(AppProps.builder().analyticsReporting(false).build());
        Stack stack = new Stack(app, "CodeConnectionsConsumer", StackProps.builder()
                .env(Environment.builder().account("111111111111").region("eu-west-1").build())
                .build());

        // A GitHub connection: PENDING until a person finishes the handshake.
        Connection github = Connection.Builder.create(stack, "GitHub").providerType(ProviderType.GITHUB).build();

        // A GitHub Enterprise Server host reached through a VPC, and a connection on it.
        // Two of the region's AZs, chosen at deploy time (Fn::GetAZs), and no NAT gateways.
        Vpc vpc = Vpc.Builder.create(stack, "Vpc")
                .availabilityZones(List.of(Fn.select(0, Fn.getAzs()), Fn.select(1, Fn.getAzs())))
                .natGateways(0)
                .build();
        Host host = Host.Builder.create(stack, "GitHubEnterprise")
                .providerType(HostProviderType.GITHUB_ENTERPRISE_SERVER)
                .providerEndpoint("https://github.example.com")
                .vpc(vpc)
                .build();
        host.addConnection("Connection");

        // A connection created elsewhere, by ARN.
        IConnection imported = Connection.fromConnectionArn(stack, "Imported",
                "arn:aws:codestar-connections:eu-west-1:111111111111:connection/0f4a7c1e-1234-4abc-9def-0123456789ab");

        // A V2 pipeline: source through the GitHub connection, then CodeBuild.
        Artifact source = new Artifact("Source");
        Pipeline.Builder.create(stack, "Pipeline")
                .pipelineType(PipelineType.V2)
                .stages(List.of(
                        StageProps.builder().stageName("Source").actions(List.of(
                                ConnectionSourceAction.Builder.create()
                                        .actionName("GitHub").connection(github).output(source)
                                        .owner("my-org").repo("my-app").branch("main")
                                        .build()))
                                .build(),
                        StageProps.builder().stageName("Build").actions(List.of(
                                CodeBuildAction.Builder.create()
                                        .actionName("Build").input(source)
                                        .project(new PipelineProject(stack, "BuildProject"))
                                        .build()))
                                .build()))
                .build();

        // Read-only use of one repository through each connection, for any role.
        Role role = Role.Builder.create(stack, "Reader").assumedBy(new ServicePrincipal("codebuild.amazonaws.com")).build();
        for (IConnection connection : List.of(github, imported)) {
            connection.grantUse(role, GrantUseOptions.builder().repositories(List.of("my-org/my-app")).readOnly(true).build());
        }

        // The console page where a person chooses "Update pending connection".
        CfnOutput.Builder.create(stack, "GitHubConsoleUrl").value(github.getConsoleUrl()).build();

        app.synth();
    }
}
