"""The consumer app in Python: uses the built wheel exactly as a user would.

Run by scripts/consumers.sh (CDK_OUTDIR=<dir> python app.py). The same app is
written in TypeScript, Java and Go (consumers/*); scripts/compare-consumers.ts
checks that all four synthesize the same template. The README's "Other
languages" table links it (test/readme.test.ts checks the links).
"""
from aws_cdk import App, CfnOutput, Environment, Fn, Stack
from aws_cdk import aws_codebuild as codebuild
from aws_cdk import aws_codepipeline as codepipeline
from aws_cdk import aws_codepipeline_actions as codepipeline_actions
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from cdk_codeconnections import (
    Connection, ConnectionSourceAction, Host, HostProviderType, ProviderType,
)

app = App(analytics_reporting=False)
stack = Stack(app, "CodeConnectionsConsumer",
              env=Environment(account="111111111111", region="eu-west-1"))

# A GitHub connection: PENDING until a person finishes the handshake.
github = Connection(stack, "GitHub", provider_type=ProviderType.GITHUB)

# A GitHub Enterprise Server host reached through a VPC, and a connection on it.
# Two of the region's AZs, chosen at deploy time (Fn::GetAZs), and no NAT gateways.
vpc = ec2.Vpc(stack, "Vpc", availability_zones=[Fn.select(i, Fn.get_azs()) for i in range(2)], nat_gateways=0)
host = Host(stack, "GitHubEnterprise",
            provider_type=HostProviderType.GITHUB_ENTERPRISE_SERVER,
            provider_endpoint="https://github.example.com",
            vpc=vpc)
host.add_connection("Connection")

# A connection created elsewhere, by ARN.
imported = Connection.from_connection_arn(
    stack, "Imported",
    "arn:aws:codestar-connections:eu-west-1:111111111111:connection/0f4a7c1e-1234-4abc-9def-0123456789ab")

# A V2 pipeline: source through the GitHub connection, then CodeBuild.
source = codepipeline.Artifact("Source")
codepipeline.Pipeline(stack, "Pipeline", pipeline_type=codepipeline.PipelineType.V2, stages=[
    codepipeline.StageProps(stage_name="Source", actions=[
        ConnectionSourceAction(action_name="GitHub", connection=github, output=source,
                               owner="my-org", repo="my-app", branch="main"),
    ]),
    codepipeline.StageProps(stage_name="Build", actions=[
        codepipeline_actions.CodeBuildAction(action_name="Build", input=source,
                                             project=codebuild.PipelineProject(stack, "BuildProject")),
    ]),
])

# Read-only use of one repository through each connection, for any role.
role = iam.Role(stack, "Reader", assumed_by=iam.ServicePrincipal("codebuild.amazonaws.com"))
for connection in (github, imported):
    connection.grant_use(role, repositories=["my-org/my-app"], read_only=True)

# The console page where a person chooses "Update pending connection".
CfnOutput(stack, "GitHubConsoleUrl", value=github.console_url)

app.synth()
