// The consumer app in Go: uses the module that `npx projen package:go` writes
// to dist/go exactly as a user would (go.mod replaces its import path with
// that directory). Same app, same construct ids as consumers/typescript/app.ts;
// scripts/compare-consumers.ts checks that the templates match.
//
// Run by scripts/consumers.sh: CDK_OUTDIR=<dir> go run .
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscodebuild"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscodepipeline"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscodepipelineactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"
	cc "github.com/cdk-codeconnections/cdk-codeconnections-go/cdkcodeconnections"
)

func main() {
	defer jsii.Close()

	app := awscdk.NewApp(&awscdk.AppProps{AnalyticsReporting: jsii.Bool(false)})
	stack := awscdk.NewStack(app, jsii.String("CodeConnectionsConsumer"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")},
	})

	// A GitHub connection: PENDING until a person finishes the handshake.
	github := cc.NewConnection(stack, jsii.String("GitHub"), &cc.ConnectionProps{ProviderType: cc.ProviderType_GITHUB()})

	// A GitHub Enterprise Server host reached through a VPC, and a connection on it.
	// Two of the region's AZs, chosen at deploy time (Fn::GetAZs), and no NAT gateways.
	vpc := awsec2.NewVpc(stack, jsii.String("Vpc"), &awsec2.VpcProps{
		AvailabilityZones: &[]*string{
			awscdk.Fn_Select(jsii.Number(0), awscdk.Fn_GetAzs(nil)),
			awscdk.Fn_Select(jsii.Number(1), awscdk.Fn_GetAzs(nil)),
		},
		NatGateways: jsii.Number(0),
	})
	host := cc.NewHost(stack, jsii.String("GitHubEnterprise"), &cc.HostProps{
		ProviderType:     cc.HostProviderType_GITHUB_ENTERPRISE_SERVER(),
		ProviderEndpoint: jsii.String("https://github.example.com"),
		Vpc:              vpc,
	})
	host.AddConnection(jsii.String("Connection"), nil)

	// A connection created elsewhere, by ARN.
	imported := cc.Connection_FromConnectionArn(stack, jsii.String("Imported"),
		jsii.String("arn:aws:codestar-connections:eu-west-1:111111111111:connection/0f4a7c1e-1234-4abc-9def-0123456789ab"))

	// A V2 pipeline: source through the GitHub connection, then CodeBuild.
	source := awscodepipeline.NewArtifact(jsii.String("Source"))
	awscodepipeline.NewPipeline(stack, jsii.String("Pipeline"), &awscodepipeline.PipelineProps{
		PipelineType: awscodepipeline.PipelineType_V2,
		Stages: &[]*awscodepipeline.StageProps{
			{
				StageName: jsii.String("Source"),
				Actions: &[]awscodepipeline.IAction{cc.NewConnectionSourceAction(&cc.ConnectionSourceActionProps{
					ActionName: jsii.String("GitHub"), Connection: github, Output: source,
					Owner: jsii.String("my-org"), Repo: jsii.String("my-app"), Branch: jsii.String("main"),
				})},
			},
			{
				StageName: jsii.String("Build"),
				Actions: &[]awscodepipeline.IAction{awscodepipelineactions.NewCodeBuildAction(&awscodepipelineactions.CodeBuildActionProps{
					ActionName: jsii.String("Build"), Input: source,
					Project: awscodebuild.NewPipelineProject(stack, jsii.String("BuildProject"), nil),
				})},
			},
		},
	})

	// Read-only use of one repository through each connection, for any role.
	role := awsiam.NewRole(stack, jsii.String("Reader"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("codebuild.amazonaws.com"), nil),
	})
	for _, connection := range []cc.IConnection{github, imported} {
		connection.GrantUse(role, &cc.GrantUseOptions{Repositories: jsii.Strings("my-org/my-app"), ReadOnly: jsii.Bool(true)})
	}

	// The console page where a person chooses "Update pending connection".
	awscdk.NewCfnOutput(stack, jsii.String("GitHubConsoleUrl"), &awscdk.CfnOutputProps{Value: github.ConsoleUrl()})

	app.Synth(nil)
}
