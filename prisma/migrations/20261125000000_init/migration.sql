-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('USER', 'ADMIN', 'SUPER_ADMIN');

-- CreateEnum
CREATE TYPE "AppStatus" AS ENUM ('DRAFT', 'ACTIVE', 'ARCHIVED', 'DELETED');

-- CreateEnum
CREATE TYPE "RequirementPriority" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');

-- CreateEnum
CREATE TYPE "RequirementStatus" AS ENUM ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'REJECTED');

-- CreateEnum
CREATE TYPE "MonetizationType" AS ENUM ('FREE', 'ONE_TIME', 'SUBSCRIPTION', 'FREEMIUM', 'USAGE_BASED');

-- CreateEnum
CREATE TYPE "SubscriptionInterval" AS ENUM ('MONTHLY', 'QUARTERLY', 'YEARLY');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('PENDING', 'PROCESSING', 'COMPLETED', 'FAILED', 'REFUNDED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "EnhancementTier" AS ENUM ('FREE', 'TIER_1K', 'TIER_2K', 'TIER_4K');

-- CreateEnum
CREATE TYPE "PipelineStage" AS ENUM ('ANALYZING', 'CROPPING', 'PROMPTING', 'GENERATING');

-- CreateEnum
CREATE TYPE "SubscriptionTier" AS ENUM ('FREE', 'BASIC', 'STANDARD', 'PREMIUM');

-- CreateEnum
CREATE TYPE "TokenTransactionType" AS ENUM ('EARN_REGENERATION', 'EARN_PURCHASE', 'EARN_BONUS', 'EARN_ADMIN_ADJUSTMENT', 'SPEND_ENHANCEMENT', 'SPEND_MCP_GENERATION', 'SPEND_BOX_CREATION', 'REFUND');

-- CreateEnum
CREATE TYPE "StripePaymentStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED');

-- CreateEnum
CREATE TYPE "SubscriptionStatus" AS ENUM ('ACTIVE', 'CANCELED', 'PAST_DUE', 'UNPAID', 'TRIALING');

-- CreateEnum
CREATE TYPE "AlbumPrivacy" AS ENUM ('PRIVATE', 'UNLISTED', 'PUBLIC');

-- CreateEnum
CREATE TYPE "VoucherType" AS ENUM ('FIXED_TOKENS', 'PERCENTAGE_BONUS', 'SUBSCRIPTION_TRIAL');

-- CreateEnum
CREATE TYPE "VoucherStatus" AS ENUM ('ACTIVE', 'INACTIVE', 'EXPIRED', 'DEPLETED');

-- CreateEnum
CREATE TYPE "ReferralStatus" AS ENUM ('PENDING', 'COMPLETED', 'INVALID');

-- CreateEnum
CREATE TYPE "AuditAction" AS ENUM ('ROLE_CHANGE', 'TOKEN_ADJUSTMENT', 'VOUCHER_CREATE', 'VOUCHER_UPDATE', 'VOUCHER_DELETE', 'USER_DELETE', 'ADMIN_LOGIN', 'SESSION_REVOKE', 'USER_UPDATE');

-- CreateEnum
CREATE TYPE "ErrorEnvironment" AS ENUM ('FRONTEND', 'BACKEND');

-- CreateEnum
CREATE TYPE "FeedbackType" AS ENUM ('BUG', 'IDEA', 'OTHER');

-- CreateEnum
CREATE TYPE "FeedbackStatus" AS ENUM ('NEW', 'REVIEWED', 'RESOLVED', 'DISMISSED');

-- CreateEnum
CREATE TYPE "GalleryCategory" AS ENUM ('PORTRAIT', 'LANDSCAPE', 'PRODUCT', 'ARCHITECTURE');

-- CreateEnum
CREATE TYPE "BoxStatus" AS ENUM ('CREATING', 'STARTING', 'RUNNING', 'PAUSED', 'STOPPING', 'STOPPED', 'TERMINATED', 'ERROR');

-- CreateEnum
CREATE TYPE "BoxActionType" AS ENUM ('CREATE', 'START', 'STOP', 'RESTART', 'DELETE', 'CLONE');

-- CreateEnum
CREATE TYPE "EmailStatus" AS ENUM ('PENDING', 'SENT', 'DELIVERED', 'OPENED', 'CLICKED', 'BOUNCED', 'FAILED');

-- CreateEnum
CREATE TYPE "McpJobType" AS ENUM ('GENERATE', 'MODIFY');

-- CreateEnum
CREATE TYPE "BoxMessageRole" AS ENUM ('USER', 'AGENT', 'SYSTEM');

-- CreateEnum
CREATE TYPE "PipelineVisibility" AS ENUM ('PRIVATE', 'PUBLIC', 'LINK');

-- CreateEnum
CREATE TYPE "AttributionType" AS ENUM ('FIRST_TOUCH', 'LAST_TOUCH');

-- CreateEnum
CREATE TYPE "ConversionType" AS ENUM ('SIGNUP', 'ENHANCEMENT', 'PURCHASE');

-- CreateEnum
CREATE TYPE "AudioStorageType" AS ENUM ('R2', 'OPFS');

-- CreateEnum
CREATE TYPE "PodProvider" AS ENUM ('PRODIGI', 'PRINTFUL');

-- CreateEnum
CREATE TYPE "MerchOrderStatus" AS ENUM ('PENDING', 'PAYMENT_PENDING', 'PAID', 'SUBMITTED', 'IN_PRODUCTION', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REFUNDED');

-- CreateEnum
CREATE TYPE "ShipmentStatus" AS ENUM ('PENDING', 'PROCESSING', 'SHIPPED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'FAILED');

-- CreateEnum
CREATE TYPE "AgentProvider" AS ENUM ('JULES', 'CODEX', 'OTHER');

-- CreateEnum
CREATE TYPE "ExternalAgentStatus" AS ENUM ('QUEUED', 'PLANNING', 'AWAITING_PLAN_APPROVAL', 'AWAITING_USER_FEEDBACK', 'IN_PROGRESS', 'PAUSED', 'FAILED', 'COMPLETED');

-- CreateEnum
CREATE TYPE "MarketingPlatform" AS ENUM ('FACEBOOK', 'GOOGLE_ADS');

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "emailVerified" TIMESTAMP(3),
    "image" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "stripeCustomerId" TEXT,
    "role" "UserRole" NOT NULL DEFAULT 'USER',
    "referralCode" TEXT,
    "referredById" TEXT,
    "referralCount" INTEGER NOT NULL DEFAULT 0,
    "passwordHash" TEXT,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "accounts" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "providerAccountId" TEXT NOT NULL,
    "refresh_token" TEXT,
    "access_token" TEXT,
    "expires_at" INTEGER,
    "token_type" TEXT,
    "scope" TEXT,
    "id_token" TEXT,
    "session_state" TEXT,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "sessionToken" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expires" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verification_tokens" (
    "identifier" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "expires" TIMESTAMP(3) NOT NULL
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "keyPrefix" TEXT NOT NULL,
    "lastUsedAt" TIMESTAMP(3),
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "apps" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "userId" TEXT NOT NULL,
    "forkedFrom" TEXT,
    "status" "AppStatus" NOT NULL DEFAULT 'DRAFT',
    "domain" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "apps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "requirements" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "priority" "RequirementPriority" NOT NULL DEFAULT 'MEDIUM',
    "status" "RequirementStatus" NOT NULL DEFAULT 'PENDING',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "requirements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "monetization_models" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "type" "MonetizationType" NOT NULL DEFAULT 'FREE',
    "price" DECIMAL(10,2),
    "subscriptionInterval" "SubscriptionInterval",
    "features" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "monetization_models_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_token_balances" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "balance" INTEGER NOT NULL DEFAULT 0,
    "lastRegeneration" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "tier" "SubscriptionTier" NOT NULL DEFAULT 'FREE',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "user_token_balances_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "token_transactions" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "type" "TokenTransactionType" NOT NULL,
    "source" TEXT,
    "sourceId" TEXT,
    "balanceAfter" INTEGER NOT NULL,
    "metadata" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "token_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tokens_packages" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokens" INTEGER NOT NULL,
    "priceUSD" DECIMAL(10,2) NOT NULL,
    "stripePriceId" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tokens_packages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stripe_payments" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "packageId" TEXT NOT NULL,
    "tokensGranted" INTEGER NOT NULL,
    "amountUSD" DECIMAL(10,2) NOT NULL,
    "stripePaymentIntentId" TEXT NOT NULL,
    "status" "StripePaymentStatus" NOT NULL DEFAULT 'PENDING',
    "metadata" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "stripe_payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscriptions" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "stripeSubscriptionId" TEXT NOT NULL,
    "stripePriceId" TEXT NOT NULL,
    "status" "SubscriptionStatus" NOT NULL,
    "tier" "SubscriptionTier" NOT NULL DEFAULT 'BASIC',
    "currentPeriodStart" TIMESTAMP(3) NOT NULL,
    "currentPeriodEnd" TIMESTAMP(3) NOT NULL,
    "cancelAtPeriodEnd" BOOLEAN NOT NULL DEFAULT false,
    "downgradeTo" "SubscriptionTier",
    "tokensPerMonth" INTEGER NOT NULL,
    "rolloverTokens" INTEGER NOT NULL DEFAULT 0,
    "maxRollover" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscription_plans" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokensPerMonth" INTEGER NOT NULL,
    "priceGBP" DECIMAL(10,2) NOT NULL,
    "stripePriceId" TEXT NOT NULL,
    "maxRollover" INTEGER NOT NULL DEFAULT 0,
    "priority" BOOLEAN NOT NULL DEFAULT false,
    "apiAccess" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "subscription_plans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vouchers" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "type" "VoucherType" NOT NULL,
    "value" INTEGER NOT NULL,
    "maxUses" INTEGER,
    "currentUses" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3),
    "status" "VoucherStatus" NOT NULL DEFAULT 'ACTIVE',
    "metadata" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "vouchers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "voucher_redemptions" (
    "id" TEXT NOT NULL,
    "voucherId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tokensGranted" INTEGER NOT NULL,
    "redeemedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "voucher_redemptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "referrals" (
    "id" TEXT NOT NULL,
    "referrerId" TEXT NOT NULL,
    "refereeId" TEXT NOT NULL,
    "status" "ReferralStatus" NOT NULL DEFAULT 'PENDING',
    "tokensGranted" INTEGER NOT NULL DEFAULT 0,
    "ipAddress" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "referrals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "enhanced_images" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "originalUrl" TEXT NOT NULL,
    "originalR2Key" TEXT NOT NULL,
    "originalWidth" INTEGER NOT NULL,
    "originalHeight" INTEGER NOT NULL,
    "originalSizeBytes" INTEGER NOT NULL,
    "originalFormat" TEXT NOT NULL,
    "isPublic" BOOLEAN NOT NULL DEFAULT false,
    "viewCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "shareToken" TEXT,

    CONSTRAINT "enhanced_images_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "image_enhancement_jobs" (
    "id" TEXT NOT NULL,
    "imageId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tier" "EnhancementTier" NOT NULL,
    "tokensCost" INTEGER NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'PENDING',
    "currentStage" "PipelineStage",
    "enhancedUrl" TEXT,
    "enhancedR2Key" TEXT,
    "enhancedWidth" INTEGER,
    "enhancedHeight" INTEGER,
    "enhancedSizeBytes" INTEGER,
    "errorMessage" TEXT,
    "retryCount" INTEGER NOT NULL DEFAULT 0,
    "maxRetries" INTEGER NOT NULL DEFAULT 3,
    "geminiPrompt" TEXT,
    "geminiModel" TEXT,
    "geminiTemp" DOUBLE PRECISION,
    "processingStartedAt" TIMESTAMP(3),
    "processingCompletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "workflowRunId" TEXT,
    "analysisResult" JSONB,
    "analysisSource" TEXT,
    "wasCropped" BOOLEAN NOT NULL DEFAULT false,
    "cropDimensions" JSONB,
    "pipelineId" TEXT,
    "sourceImageId" TEXT,
    "isBlend" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "image_enhancement_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "enhancement_pipelines" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "userId" TEXT,
    "visibility" "PipelineVisibility" NOT NULL DEFAULT 'PRIVATE',
    "shareToken" TEXT,
    "tier" "EnhancementTier" NOT NULL DEFAULT 'TIER_1K',
    "analysisConfig" JSONB,
    "autoCropConfig" JSONB,
    "promptConfig" JSONB,
    "generationConfig" JSONB,
    "usageCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "enhancement_pipelines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "albums" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "coverImageId" TEXT,
    "privacy" "AlbumPrivacy" NOT NULL DEFAULT 'PRIVATE',
    "defaultTier" "EnhancementTier" NOT NULL DEFAULT 'TIER_1K',
    "shareToken" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "pipelineId" TEXT,

    CONSTRAINT "albums_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "album_images" (
    "id" TEXT NOT NULL,
    "albumId" TEXT NOT NULL,
    "imageId" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "album_images_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "featured_gallery_items" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "category" "GalleryCategory" NOT NULL,
    "originalUrl" TEXT NOT NULL,
    "enhancedUrl" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "sourceImageId" TEXT,
    "sourceJobId" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdBy" TEXT NOT NULL,

    CONSTRAINT "featured_gallery_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mcp_generation_jobs" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "apiKeyId" TEXT,
    "type" "McpJobType" NOT NULL,
    "tier" "EnhancementTier" NOT NULL,
    "tokensCost" INTEGER NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'PENDING',
    "prompt" TEXT NOT NULL,
    "inputImageUrl" TEXT,
    "inputImageR2Key" TEXT,
    "outputImageUrl" TEXT,
    "outputImageR2Key" TEXT,
    "outputWidth" INTEGER,
    "outputHeight" INTEGER,
    "outputSizeBytes" INTEGER,
    "errorMessage" TEXT,
    "geminiModel" TEXT,
    "processingStartedAt" TIMESTAMP(3),
    "processingCompletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "mcp_generation_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "action" "AuditAction" NOT NULL,
    "targetId" TEXT,
    "metadata" JSONB,
    "ipAddress" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "error_logs" (
    "id" TEXT NOT NULL,
    "timestamp" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "message" TEXT NOT NULL,
    "stack" TEXT,
    "sourceFile" TEXT,
    "sourceLine" INTEGER,
    "sourceColumn" INTEGER,
    "callerName" TEXT,
    "userId" TEXT,
    "route" TEXT,
    "environment" "ErrorEnvironment" NOT NULL,
    "errorType" TEXT,
    "errorCode" TEXT,
    "metadata" JSONB,

    CONSTRAINT "error_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "feedback" (
    "id" TEXT NOT NULL,
    "userId" TEXT,
    "email" TEXT,
    "type" "FeedbackType" NOT NULL,
    "message" TEXT NOT NULL,
    "page" TEXT NOT NULL,
    "userAgent" TEXT,
    "status" "FeedbackStatus" NOT NULL DEFAULT 'NEW',
    "adminNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "feedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_logs" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "status" "EmailStatus" NOT NULL DEFAULT 'PENDING',
    "resendId" TEXT,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "openedAt" TIMESTAMP(3),
    "clickedAt" TIMESTAMP(3),
    "bouncedAt" TIMESTAMP(3),
    "metadata" JSONB,

    CONSTRAINT "email_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tracked_urls" (
    "id" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "label" TEXT,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdById" TEXT NOT NULL,

    CONSTRAINT "tracked_urls_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "box_tiers" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "cpu" INTEGER NOT NULL,
    "ram" INTEGER NOT NULL,
    "storage" INTEGER NOT NULL,
    "pricePerHour" INTEGER NOT NULL,
    "pricePerMonth" INTEGER NOT NULL,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "box_tiers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "boxes" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "userId" TEXT NOT NULL,
    "tierId" TEXT,
    "status" "BoxStatus" NOT NULL DEFAULT 'STOPPED',
    "connectionUrl" TEXT,
    "storageVolumeId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "boxes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "box_actions" (
    "id" TEXT NOT NULL,
    "boxId" TEXT NOT NULL,
    "action" "BoxActionType" NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'PENDING',
    "metadata" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "box_actions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_tasks" (
    "id" TEXT NOT NULL,
    "boxId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB,
    "status" "JobStatus" NOT NULL DEFAULT 'PENDING',
    "result" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "agent_tasks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "box_messages" (
    "id" TEXT NOT NULL,
    "boxId" TEXT NOT NULL,
    "role" "BoxMessageRole" NOT NULL,
    "content" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "box_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "marketing_accounts" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "platform" "MarketingPlatform" NOT NULL,
    "accountId" TEXT NOT NULL,
    "accountName" TEXT,
    "accessToken" TEXT NOT NULL,
    "refreshToken" TEXT,
    "expiresAt" TIMESTAMP(3),
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "marketing_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "visitor_sessions" (
    "id" TEXT NOT NULL,
    "visitorId" TEXT NOT NULL,
    "userId" TEXT,
    "sessionStart" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sessionEnd" TIMESTAMP(3),
    "deviceType" TEXT,
    "browser" TEXT,
    "os" TEXT,
    "ipCountry" TEXT,
    "ipCity" TEXT,
    "referrer" TEXT,
    "landingPage" TEXT NOT NULL,
    "exitPage" TEXT,
    "pageViewCount" INTEGER NOT NULL DEFAULT 0,
    "utmSource" TEXT,
    "utmMedium" TEXT,
    "utmCampaign" TEXT,
    "utmTerm" TEXT,
    "utmContent" TEXT,
    "gclid" TEXT,
    "fbclid" TEXT,

    CONSTRAINT "visitor_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "page_views" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "title" TEXT,
    "timestamp" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "timeOnPage" INTEGER,
    "scrollDepth" INTEGER,

    CONSTRAINT "page_views_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "analytics_events" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT,
    "value" DOUBLE PRECISION,
    "metadata" JSONB,
    "timestamp" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "analytics_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_attributions" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "attributionType" "AttributionType" NOT NULL,
    "platform" TEXT,
    "externalCampaignId" TEXT,
    "utmCampaign" TEXT,
    "utmSource" TEXT,
    "utmMedium" TEXT,
    "conversionType" "ConversionType" NOT NULL,
    "conversionValue" DOUBLE PRECISION,
    "convertedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaign_attributions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_metrics_cache" (
    "id" TEXT NOT NULL,
    "cacheKey" TEXT NOT NULL,
    "metrics" JSONB NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "campaign_metrics_cache_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_links" (
    "id" TEXT NOT NULL,
    "utmCampaign" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "externalCampaignId" TEXT NOT NULL,
    "externalCampaignName" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "campaign_links_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audio_mixer_projects" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "audio_mixer_projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audio_tracks" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "fileUrl" TEXT,
    "fileR2Key" TEXT,
    "fileFormat" TEXT NOT NULL,
    "duration" DOUBLE PRECISION NOT NULL,
    "fileSizeBytes" INTEGER NOT NULL,
    "volume" DOUBLE PRECISION NOT NULL DEFAULT 1.0,
    "muted" BOOLEAN NOT NULL DEFAULT false,
    "solo" BOOLEAN NOT NULL DEFAULT false,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "storageType" "AudioStorageType" NOT NULL DEFAULT 'R2',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "audio_tracks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "merch_categories" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "description" TEXT,
    "icon" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "merch_categories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "merch_products" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "categoryId" TEXT NOT NULL,
    "provider" "PodProvider" NOT NULL,
    "providerSku" TEXT NOT NULL,
    "basePrice" DECIMAL(10,2) NOT NULL,
    "retailPrice" DECIMAL(10,2) NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'GBP',
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "minDpi" INTEGER NOT NULL DEFAULT 150,
    "minWidth" INTEGER NOT NULL DEFAULT 1800,
    "minHeight" INTEGER NOT NULL DEFAULT 1800,
    "printAreaWidth" INTEGER,
    "printAreaHeight" INTEGER,
    "mockupTemplate" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "merch_products_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "merch_variants" (
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "providerSku" TEXT NOT NULL,
    "priceDelta" DECIMAL(10,2) NOT NULL DEFAULT 0,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "attributes" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "merch_variants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "merch_carts" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "merch_carts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "merch_cart_items" (
    "id" TEXT NOT NULL,
    "cartId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "variantId" TEXT,
    "imageId" TEXT,
    "uploadedImageR2Key" TEXT,
    "uploadedImageUrl" TEXT,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "customText" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "merch_cart_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "merch_orders" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "orderNumber" TEXT NOT NULL,
    "status" "MerchOrderStatus" NOT NULL DEFAULT 'PENDING',
    "subtotal" DECIMAL(10,2) NOT NULL,
    "shippingCost" DECIMAL(10,2) NOT NULL,
    "taxAmount" DECIMAL(10,2) NOT NULL DEFAULT 0,
    "totalAmount" DECIMAL(10,2) NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'GBP',
    "stripePaymentIntentId" TEXT,
    "stripePaymentStatus" TEXT,
    "shippingAddress" JSONB NOT NULL,
    "billingAddress" JSONB,
    "customerEmail" TEXT NOT NULL,
    "customerPhone" TEXT,
    "notes" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "paidAt" TIMESTAMP(3),

    CONSTRAINT "merch_orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "merch_order_items" (
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "variantId" TEXT,
    "productName" TEXT NOT NULL,
    "variantName" TEXT,
    "imageUrl" TEXT NOT NULL,
    "imageR2Key" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unitPrice" DECIMAL(10,2) NOT NULL,
    "totalPrice" DECIMAL(10,2) NOT NULL,
    "customText" TEXT,
    "podOrderId" TEXT,
    "podStatus" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "shipmentId" TEXT,

    CONSTRAINT "merch_order_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "merch_shipments" (
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "provider" "PodProvider" NOT NULL,
    "providerShipId" TEXT,
    "carrier" TEXT,
    "trackingNumber" TEXT,
    "trackingUrl" TEXT,
    "status" "ShipmentStatus" NOT NULL DEFAULT 'PENDING',
    "shippedAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "merch_shipments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "merch_order_events" (
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "merch_order_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "merch_webhook_events" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "processed" BOOLEAN NOT NULL DEFAULT false,
    "payload" JSONB NOT NULL,
    "processedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "merch_webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "external_agent_sessions" (
    "id" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "provider" "AgentProvider" NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "status" "ExternalAgentStatus" NOT NULL DEFAULT 'QUEUED',
    "sourceRepo" TEXT,
    "startingBranch" TEXT,
    "outputBranch" TEXT,
    "pullRequestUrl" TEXT,
    "planSummary" TEXT,
    "planApprovedAt" TIMESTAMP(3),
    "lastActivityAt" TIMESTAMP(3),
    "errorMessage" TEXT,
    "metadata" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "external_agent_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_session_activities" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "externalId" TEXT,
    "type" TEXT NOT NULL,
    "content" TEXT,
    "metadata" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agent_session_activities_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "users_stripeCustomerId_key" ON "users"("stripeCustomerId");

-- CreateIndex
CREATE UNIQUE INDEX "users_referralCode_key" ON "users"("referralCode");

-- CreateIndex
CREATE INDEX "users_referredById_idx" ON "users"("referredById");

-- CreateIndex
CREATE INDEX "users_role_idx" ON "users"("role");

-- CreateIndex
CREATE INDEX "users_createdAt_idx" ON "users"("createdAt");

-- CreateIndex
CREATE INDEX "accounts_userId_idx" ON "accounts"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "accounts_provider_providerAccountId_key" ON "accounts"("provider", "providerAccountId");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_sessionToken_key" ON "sessions"("sessionToken");

-- CreateIndex
CREATE INDEX "sessions_userId_idx" ON "sessions"("userId");

-- CreateIndex
CREATE INDEX "sessions_expires_idx" ON "sessions"("expires");

-- CreateIndex
CREATE UNIQUE INDEX "verification_tokens_token_key" ON "verification_tokens"("token");

-- CreateIndex
CREATE INDEX "verification_tokens_expires_idx" ON "verification_tokens"("expires");

-- CreateIndex
CREATE UNIQUE INDEX "verification_tokens_identifier_token_key" ON "verification_tokens"("identifier", "token");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_keyHash_key" ON "api_keys"("keyHash");

-- CreateIndex
CREATE INDEX "api_keys_userId_idx" ON "api_keys"("userId");

-- CreateIndex
CREATE INDEX "api_keys_isActive_idx" ON "api_keys"("isActive");

-- CreateIndex
CREATE UNIQUE INDEX "apps_domain_key" ON "apps"("domain");

-- CreateIndex
CREATE INDEX "apps_userId_idx" ON "apps"("userId");

-- CreateIndex
CREATE INDEX "apps_forkedFrom_idx" ON "apps"("forkedFrom");

-- CreateIndex
CREATE INDEX "apps_status_idx" ON "apps"("status");

-- CreateIndex
CREATE INDEX "apps_userId_status_idx" ON "apps"("userId", "status");

-- CreateIndex
CREATE INDEX "requirements_appId_idx" ON "requirements"("appId");

-- CreateIndex
CREATE INDEX "requirements_status_idx" ON "requirements"("status");

-- CreateIndex
CREATE INDEX "requirements_priority_idx" ON "requirements"("priority");

-- CreateIndex
CREATE INDEX "requirements_appId_status_idx" ON "requirements"("appId", "status");

-- CreateIndex
CREATE INDEX "monetization_models_appId_idx" ON "monetization_models"("appId");

-- CreateIndex
CREATE INDEX "monetization_models_type_idx" ON "monetization_models"("type");

-- CreateIndex
CREATE UNIQUE INDEX "user_token_balances_userId_key" ON "user_token_balances"("userId");

-- CreateIndex
CREATE INDEX "token_transactions_userId_idx" ON "token_transactions"("userId");

-- CreateIndex
CREATE INDEX "token_transactions_userId_createdAt_idx" ON "token_transactions"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "token_transactions_type_idx" ON "token_transactions"("type");

-- CreateIndex
CREATE INDEX "token_transactions_source_sourceId_idx" ON "token_transactions"("source", "sourceId");

-- CreateIndex
CREATE UNIQUE INDEX "tokens_packages_stripePriceId_key" ON "tokens_packages"("stripePriceId");

-- CreateIndex
CREATE INDEX "tokens_packages_active_sortOrder_idx" ON "tokens_packages"("active", "sortOrder");

-- CreateIndex
CREATE UNIQUE INDEX "stripe_payments_stripePaymentIntentId_key" ON "stripe_payments"("stripePaymentIntentId");

-- CreateIndex
CREATE INDEX "stripe_payments_userId_idx" ON "stripe_payments"("userId");

-- CreateIndex
CREATE INDEX "stripe_payments_packageId_idx" ON "stripe_payments"("packageId");

-- CreateIndex
CREATE INDEX "stripe_payments_status_idx" ON "stripe_payments"("status");

-- CreateIndex
CREATE INDEX "stripe_payments_userId_createdAt_idx" ON "stripe_payments"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "subscriptions_userId_key" ON "subscriptions"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "subscriptions_stripeSubscriptionId_key" ON "subscriptions"("stripeSubscriptionId");

-- CreateIndex
CREATE INDEX "subscriptions_status_idx" ON "subscriptions"("status");

-- CreateIndex
CREATE INDEX "subscriptions_currentPeriodEnd_idx" ON "subscriptions"("currentPeriodEnd");

-- CreateIndex
CREATE UNIQUE INDEX "subscription_plans_stripePriceId_key" ON "subscription_plans"("stripePriceId");

-- CreateIndex
CREATE INDEX "subscription_plans_active_sortOrder_idx" ON "subscription_plans"("active", "sortOrder");

-- CreateIndex
CREATE UNIQUE INDEX "vouchers_code_key" ON "vouchers"("code");

-- CreateIndex
CREATE INDEX "vouchers_status_idx" ON "vouchers"("status");

-- CreateIndex
CREATE INDEX "voucher_redemptions_voucherId_idx" ON "voucher_redemptions"("voucherId");

-- CreateIndex
CREATE INDEX "voucher_redemptions_userId_idx" ON "voucher_redemptions"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "voucher_redemptions_voucherId_userId_key" ON "voucher_redemptions"("voucherId", "userId");

-- CreateIndex
CREATE INDEX "referrals_referrerId_idx" ON "referrals"("referrerId");

-- CreateIndex
CREATE INDEX "referrals_refereeId_idx" ON "referrals"("refereeId");

-- CreateIndex
CREATE INDEX "referrals_status_idx" ON "referrals"("status");

-- CreateIndex
CREATE UNIQUE INDEX "referrals_referrerId_refereeId_key" ON "referrals"("referrerId", "refereeId");

-- CreateIndex
CREATE UNIQUE INDEX "enhanced_images_shareToken_key" ON "enhanced_images"("shareToken");

-- CreateIndex
CREATE INDEX "enhanced_images_userId_idx" ON "enhanced_images"("userId");

-- CreateIndex
CREATE INDEX "enhanced_images_userId_createdAt_idx" ON "enhanced_images"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "enhanced_images_isPublic_idx" ON "enhanced_images"("isPublic");

-- CreateIndex
CREATE INDEX "image_enhancement_jobs_imageId_idx" ON "image_enhancement_jobs"("imageId");

-- CreateIndex
CREATE INDEX "image_enhancement_jobs_userId_idx" ON "image_enhancement_jobs"("userId");

-- CreateIndex
CREATE INDEX "image_enhancement_jobs_userId_createdAt_idx" ON "image_enhancement_jobs"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "image_enhancement_jobs_status_idx" ON "image_enhancement_jobs"("status");

-- CreateIndex
CREATE INDEX "image_enhancement_jobs_pipelineId_idx" ON "image_enhancement_jobs"("pipelineId");

-- CreateIndex
CREATE INDEX "image_enhancement_jobs_sourceImageId_idx" ON "image_enhancement_jobs"("sourceImageId");

-- CreateIndex
CREATE INDEX "image_enhancement_jobs_workflowRunId_idx" ON "image_enhancement_jobs"("workflowRunId");

-- CreateIndex
CREATE UNIQUE INDEX "enhancement_pipelines_shareToken_key" ON "enhancement_pipelines"("shareToken");

-- CreateIndex
CREATE INDEX "enhancement_pipelines_userId_idx" ON "enhancement_pipelines"("userId");

-- CreateIndex
CREATE INDEX "enhancement_pipelines_visibility_idx" ON "enhancement_pipelines"("visibility");

-- CreateIndex
CREATE UNIQUE INDEX "albums_shareToken_key" ON "albums"("shareToken");

-- CreateIndex
CREATE INDEX "albums_userId_idx" ON "albums"("userId");

-- CreateIndex
CREATE INDEX "albums_pipelineId_idx" ON "albums"("pipelineId");

-- CreateIndex
CREATE UNIQUE INDEX "albums_userId_name_privacy_key" ON "albums"("userId", "name", "privacy");

-- CreateIndex
CREATE INDEX "album_images_albumId_idx" ON "album_images"("albumId");

-- CreateIndex
CREATE INDEX "album_images_imageId_idx" ON "album_images"("imageId");

-- CreateIndex
CREATE INDEX "album_images_albumId_sortOrder_idx" ON "album_images"("albumId", "sortOrder");

-- CreateIndex
CREATE UNIQUE INDEX "album_images_albumId_imageId_key" ON "album_images"("albumId", "imageId");

-- CreateIndex
CREATE INDEX "featured_gallery_items_sourceImageId_idx" ON "featured_gallery_items"("sourceImageId");

-- CreateIndex
CREATE INDEX "featured_gallery_items_sourceJobId_idx" ON "featured_gallery_items"("sourceJobId");

-- CreateIndex
CREATE INDEX "featured_gallery_items_createdBy_idx" ON "featured_gallery_items"("createdBy");

-- CreateIndex
CREATE INDEX "featured_gallery_items_isActive_sortOrder_idx" ON "featured_gallery_items"("isActive", "sortOrder");

-- CreateIndex
CREATE INDEX "featured_gallery_items_category_idx" ON "featured_gallery_items"("category");

-- CreateIndex
CREATE INDEX "mcp_generation_jobs_userId_idx" ON "mcp_generation_jobs"("userId");

-- CreateIndex
CREATE INDEX "mcp_generation_jobs_userId_createdAt_idx" ON "mcp_generation_jobs"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "mcp_generation_jobs_apiKeyId_idx" ON "mcp_generation_jobs"("apiKeyId");

-- CreateIndex
CREATE INDEX "mcp_generation_jobs_status_idx" ON "mcp_generation_jobs"("status");

-- CreateIndex
CREATE INDEX "audit_logs_userId_idx" ON "audit_logs"("userId");

-- CreateIndex
CREATE INDEX "audit_logs_action_idx" ON "audit_logs"("action");

-- CreateIndex
CREATE INDEX "audit_logs_targetId_idx" ON "audit_logs"("targetId");

-- CreateIndex
CREATE INDEX "audit_logs_createdAt_idx" ON "audit_logs"("createdAt");

-- CreateIndex
CREATE INDEX "error_logs_timestamp_idx" ON "error_logs"("timestamp");

-- CreateIndex
CREATE INDEX "error_logs_environment_idx" ON "error_logs"("environment");

-- CreateIndex
CREATE INDEX "error_logs_userId_idx" ON "error_logs"("userId");

-- CreateIndex
CREATE INDEX "error_logs_errorType_idx" ON "error_logs"("errorType");

-- CreateIndex
CREATE INDEX "error_logs_route_idx" ON "error_logs"("route");

-- CreateIndex
CREATE INDEX "feedback_userId_idx" ON "feedback"("userId");

-- CreateIndex
CREATE INDEX "feedback_status_idx" ON "feedback"("status");

-- CreateIndex
CREATE INDEX "feedback_type_idx" ON "feedback"("type");

-- CreateIndex
CREATE INDEX "feedback_createdAt_idx" ON "feedback"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "email_logs_resendId_key" ON "email_logs"("resendId");

-- CreateIndex
CREATE INDEX "email_logs_userId_idx" ON "email_logs"("userId");

-- CreateIndex
CREATE INDEX "email_logs_status_idx" ON "email_logs"("status");

-- CreateIndex
CREATE INDEX "email_logs_template_idx" ON "email_logs"("template");

-- CreateIndex
CREATE INDEX "email_logs_sentAt_idx" ON "email_logs"("sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "tracked_urls_path_key" ON "tracked_urls"("path");

-- CreateIndex
CREATE INDEX "tracked_urls_createdById_idx" ON "tracked_urls"("createdById");

-- CreateIndex
CREATE INDEX "tracked_urls_isActive_idx" ON "tracked_urls"("isActive");

-- CreateIndex
CREATE INDEX "box_tiers_isActive_sortOrder_idx" ON "box_tiers"("isActive", "sortOrder");

-- CreateIndex
CREATE INDEX "boxes_userId_idx" ON "boxes"("userId");

-- CreateIndex
CREATE INDEX "boxes_tierId_idx" ON "boxes"("tierId");

-- CreateIndex
CREATE INDEX "boxes_status_idx" ON "boxes"("status");

-- CreateIndex
CREATE INDEX "box_actions_boxId_idx" ON "box_actions"("boxId");

-- CreateIndex
CREATE INDEX "box_actions_status_idx" ON "box_actions"("status");

-- CreateIndex
CREATE INDEX "agent_tasks_boxId_idx" ON "agent_tasks"("boxId");

-- CreateIndex
CREATE INDEX "agent_tasks_status_idx" ON "agent_tasks"("status");

-- CreateIndex
CREATE INDEX "box_messages_boxId_idx" ON "box_messages"("boxId");

-- CreateIndex
CREATE INDEX "box_messages_boxId_createdAt_idx" ON "box_messages"("boxId", "createdAt");

-- CreateIndex
CREATE INDEX "marketing_accounts_userId_idx" ON "marketing_accounts"("userId");

-- CreateIndex
CREATE INDEX "marketing_accounts_platform_idx" ON "marketing_accounts"("platform");

-- CreateIndex
CREATE UNIQUE INDEX "marketing_accounts_userId_platform_accountId_key" ON "marketing_accounts"("userId", "platform", "accountId");

-- CreateIndex
CREATE INDEX "visitor_sessions_visitorId_idx" ON "visitor_sessions"("visitorId");

-- CreateIndex
CREATE INDEX "visitor_sessions_userId_idx" ON "visitor_sessions"("userId");

-- CreateIndex
CREATE INDEX "visitor_sessions_sessionStart_idx" ON "visitor_sessions"("sessionStart");

-- CreateIndex
CREATE INDEX "visitor_sessions_utmCampaign_idx" ON "visitor_sessions"("utmCampaign");

-- CreateIndex
CREATE INDEX "visitor_sessions_utmSource_idx" ON "visitor_sessions"("utmSource");

-- CreateIndex
CREATE INDEX "page_views_sessionId_idx" ON "page_views"("sessionId");

-- CreateIndex
CREATE INDEX "page_views_timestamp_idx" ON "page_views"("timestamp");

-- CreateIndex
CREATE INDEX "page_views_path_idx" ON "page_views"("path");

-- CreateIndex
CREATE INDEX "analytics_events_sessionId_idx" ON "analytics_events"("sessionId");

-- CreateIndex
CREATE INDEX "analytics_events_timestamp_idx" ON "analytics_events"("timestamp");

-- CreateIndex
CREATE INDEX "analytics_events_name_idx" ON "analytics_events"("name");

-- CreateIndex
CREATE INDEX "analytics_events_category_idx" ON "analytics_events"("category");

-- CreateIndex
CREATE INDEX "campaign_attributions_userId_idx" ON "campaign_attributions"("userId");

-- CreateIndex
CREATE INDEX "campaign_attributions_sessionId_idx" ON "campaign_attributions"("sessionId");

-- CreateIndex
CREATE INDEX "campaign_attributions_utmCampaign_idx" ON "campaign_attributions"("utmCampaign");

-- CreateIndex
CREATE INDEX "campaign_attributions_platform_idx" ON "campaign_attributions"("platform");

-- CreateIndex
CREATE INDEX "campaign_attributions_convertedAt_idx" ON "campaign_attributions"("convertedAt");

-- CreateIndex
CREATE INDEX "campaign_attributions_attributionType_conversionType_idx" ON "campaign_attributions"("attributionType", "conversionType");

-- CreateIndex
CREATE UNIQUE INDEX "campaign_metrics_cache_cacheKey_key" ON "campaign_metrics_cache"("cacheKey");

-- CreateIndex
CREATE INDEX "campaign_metrics_cache_expiresAt_idx" ON "campaign_metrics_cache"("expiresAt");

-- CreateIndex
CREATE INDEX "campaign_links_externalCampaignId_idx" ON "campaign_links"("externalCampaignId");

-- CreateIndex
CREATE UNIQUE INDEX "campaign_links_utmCampaign_platform_key" ON "campaign_links"("utmCampaign", "platform");

-- CreateIndex
CREATE INDEX "audio_mixer_projects_userId_idx" ON "audio_mixer_projects"("userId");

-- CreateIndex
CREATE INDEX "audio_mixer_projects_userId_updatedAt_idx" ON "audio_mixer_projects"("userId", "updatedAt");

-- CreateIndex
CREATE INDEX "audio_tracks_projectId_idx" ON "audio_tracks"("projectId");

-- CreateIndex
CREATE INDEX "audio_tracks_projectId_sortOrder_idx" ON "audio_tracks"("projectId", "sortOrder");

-- CreateIndex
CREATE UNIQUE INDEX "merch_categories_name_key" ON "merch_categories"("name");

-- CreateIndex
CREATE UNIQUE INDEX "merch_categories_slug_key" ON "merch_categories"("slug");

-- CreateIndex
CREATE INDEX "merch_categories_isActive_sortOrder_idx" ON "merch_categories"("isActive", "sortOrder");

-- CreateIndex
CREATE INDEX "merch_products_categoryId_idx" ON "merch_products"("categoryId");

-- CreateIndex
CREATE INDEX "merch_products_isActive_sortOrder_idx" ON "merch_products"("isActive", "sortOrder");

-- CreateIndex
CREATE INDEX "merch_products_provider_idx" ON "merch_products"("provider");

-- CreateIndex
CREATE INDEX "merch_variants_productId_idx" ON "merch_variants"("productId");

-- CreateIndex
CREATE UNIQUE INDEX "merch_carts_userId_key" ON "merch_carts"("userId");

-- CreateIndex
CREATE INDEX "merch_cart_items_cartId_idx" ON "merch_cart_items"("cartId");

-- CreateIndex
CREATE INDEX "merch_cart_items_productId_idx" ON "merch_cart_items"("productId");

-- CreateIndex
CREATE INDEX "merch_cart_items_variantId_idx" ON "merch_cart_items"("variantId");

-- CreateIndex
CREATE INDEX "merch_cart_items_imageId_idx" ON "merch_cart_items"("imageId");

-- CreateIndex
CREATE UNIQUE INDEX "merch_cart_items_cartId_productId_variantId_imageId_uploade_key" ON "merch_cart_items"("cartId", "productId", "variantId", "imageId", "uploadedImageR2Key");

-- CreateIndex
CREATE UNIQUE INDEX "merch_orders_orderNumber_key" ON "merch_orders"("orderNumber");

-- CreateIndex
CREATE UNIQUE INDEX "merch_orders_stripePaymentIntentId_key" ON "merch_orders"("stripePaymentIntentId");

-- CreateIndex
CREATE INDEX "merch_orders_userId_idx" ON "merch_orders"("userId");

-- CreateIndex
CREATE INDEX "merch_orders_userId_createdAt_idx" ON "merch_orders"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "merch_orders_status_idx" ON "merch_orders"("status");

-- CreateIndex
CREATE INDEX "merch_orders_createdAt_idx" ON "merch_orders"("createdAt");

-- CreateIndex
CREATE INDEX "merch_order_items_orderId_idx" ON "merch_order_items"("orderId");

-- CreateIndex
CREATE INDEX "merch_order_items_productId_idx" ON "merch_order_items"("productId");

-- CreateIndex
CREATE INDEX "merch_order_items_variantId_idx" ON "merch_order_items"("variantId");

-- CreateIndex
CREATE INDEX "merch_order_items_shipmentId_idx" ON "merch_order_items"("shipmentId");

-- CreateIndex
CREATE INDEX "merch_order_items_podOrderId_idx" ON "merch_order_items"("podOrderId");

-- CreateIndex
CREATE INDEX "merch_shipments_orderId_idx" ON "merch_shipments"("orderId");

-- CreateIndex
CREATE INDEX "merch_shipments_status_idx" ON "merch_shipments"("status");

-- CreateIndex
CREATE INDEX "merch_shipments_providerShipId_idx" ON "merch_shipments"("providerShipId");

-- CreateIndex
CREATE INDEX "merch_order_events_orderId_idx" ON "merch_order_events"("orderId");

-- CreateIndex
CREATE INDEX "merch_order_events_orderId_createdAt_idx" ON "merch_order_events"("orderId", "createdAt");

-- CreateIndex
CREATE INDEX "merch_order_events_type_idx" ON "merch_order_events"("type");

-- CreateIndex
CREATE UNIQUE INDEX "merch_webhook_events_eventId_key" ON "merch_webhook_events"("eventId");

-- CreateIndex
CREATE INDEX "merch_webhook_events_provider_eventType_idx" ON "merch_webhook_events"("provider", "eventType");

-- CreateIndex
CREATE INDEX "merch_webhook_events_processed_idx" ON "merch_webhook_events"("processed");

-- CreateIndex
CREATE UNIQUE INDEX "external_agent_sessions_externalId_key" ON "external_agent_sessions"("externalId");

-- CreateIndex
CREATE INDEX "external_agent_sessions_provider_idx" ON "external_agent_sessions"("provider");

-- CreateIndex
CREATE INDEX "external_agent_sessions_status_idx" ON "external_agent_sessions"("status");

-- CreateIndex
CREATE INDEX "external_agent_sessions_lastActivityAt_idx" ON "external_agent_sessions"("lastActivityAt");

-- CreateIndex
CREATE INDEX "agent_session_activities_sessionId_idx" ON "agent_session_activities"("sessionId");

-- CreateIndex
CREATE INDEX "agent_session_activities_sessionId_createdAt_idx" ON "agent_session_activities"("sessionId", "createdAt");

-- CreateIndex
CREATE INDEX "agent_session_activities_externalId_idx" ON "agent_session_activities"("externalId");

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_referredById_fkey" FOREIGN KEY ("referredById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "apps" ADD CONSTRAINT "apps_forkedFrom_fkey" FOREIGN KEY ("forkedFrom") REFERENCES "apps"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "apps" ADD CONSTRAINT "apps_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "requirements" ADD CONSTRAINT "requirements_appId_fkey" FOREIGN KEY ("appId") REFERENCES "apps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monetization_models" ADD CONSTRAINT "monetization_models_appId_fkey" FOREIGN KEY ("appId") REFERENCES "apps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_token_balances" ADD CONSTRAINT "user_token_balances_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "token_transactions" ADD CONSTRAINT "token_transactions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stripe_payments" ADD CONSTRAINT "stripe_payments_packageId_fkey" FOREIGN KEY ("packageId") REFERENCES "tokens_packages"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stripe_payments" ADD CONSTRAINT "stripe_payments_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "voucher_redemptions" ADD CONSTRAINT "voucher_redemptions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "voucher_redemptions" ADD CONSTRAINT "voucher_redemptions_voucherId_fkey" FOREIGN KEY ("voucherId") REFERENCES "vouchers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_refereeId_fkey" FOREIGN KEY ("refereeId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_referrerId_fkey" FOREIGN KEY ("referrerId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enhanced_images" ADD CONSTRAINT "enhanced_images_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "image_enhancement_jobs" ADD CONSTRAINT "image_enhancement_jobs_pipelineId_fkey" FOREIGN KEY ("pipelineId") REFERENCES "enhancement_pipelines"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "image_enhancement_jobs" ADD CONSTRAINT "image_enhancement_jobs_sourceImageId_fkey" FOREIGN KEY ("sourceImageId") REFERENCES "enhanced_images"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "image_enhancement_jobs" ADD CONSTRAINT "image_enhancement_jobs_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "enhanced_images"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "image_enhancement_jobs" ADD CONSTRAINT "image_enhancement_jobs_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enhancement_pipelines" ADD CONSTRAINT "enhancement_pipelines_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "albums" ADD CONSTRAINT "albums_pipelineId_fkey" FOREIGN KEY ("pipelineId") REFERENCES "enhancement_pipelines"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "albums" ADD CONSTRAINT "albums_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "album_images" ADD CONSTRAINT "album_images_albumId_fkey" FOREIGN KEY ("albumId") REFERENCES "albums"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "album_images" ADD CONSTRAINT "album_images_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "enhanced_images"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "featured_gallery_items" ADD CONSTRAINT "featured_gallery_items_sourceImageId_fkey" FOREIGN KEY ("sourceImageId") REFERENCES "enhanced_images"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "featured_gallery_items" ADD CONSTRAINT "featured_gallery_items_sourceJobId_fkey" FOREIGN KEY ("sourceJobId") REFERENCES "image_enhancement_jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "featured_gallery_items" ADD CONSTRAINT "featured_gallery_items_createdBy_fkey" FOREIGN KEY ("createdBy") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mcp_generation_jobs" ADD CONSTRAINT "mcp_generation_jobs_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mcp_generation_jobs" ADD CONSTRAINT "mcp_generation_jobs_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "api_keys"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_logs" ADD CONSTRAINT "email_logs_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tracked_urls" ADD CONSTRAINT "tracked_urls_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "boxes" ADD CONSTRAINT "boxes_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "boxes" ADD CONSTRAINT "boxes_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "box_tiers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "box_actions" ADD CONSTRAINT "box_actions_boxId_fkey" FOREIGN KEY ("boxId") REFERENCES "boxes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_tasks" ADD CONSTRAINT "agent_tasks_boxId_fkey" FOREIGN KEY ("boxId") REFERENCES "boxes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "box_messages" ADD CONSTRAINT "box_messages_boxId_fkey" FOREIGN KEY ("boxId") REFERENCES "boxes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "marketing_accounts" ADD CONSTRAINT "marketing_accounts_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visitor_sessions" ADD CONSTRAINT "visitor_sessions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "page_views" ADD CONSTRAINT "page_views_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "visitor_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "analytics_events" ADD CONSTRAINT "analytics_events_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "visitor_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_attributions" ADD CONSTRAINT "campaign_attributions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audio_mixer_projects" ADD CONSTRAINT "audio_mixer_projects_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audio_tracks" ADD CONSTRAINT "audio_tracks_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "audio_mixer_projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "merch_products" ADD CONSTRAINT "merch_products_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "merch_categories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "merch_variants" ADD CONSTRAINT "merch_variants_productId_fkey" FOREIGN KEY ("productId") REFERENCES "merch_products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "merch_carts" ADD CONSTRAINT "merch_carts_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "merch_cart_items" ADD CONSTRAINT "merch_cart_items_cartId_fkey" FOREIGN KEY ("cartId") REFERENCES "merch_carts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "merch_cart_items" ADD CONSTRAINT "merch_cart_items_productId_fkey" FOREIGN KEY ("productId") REFERENCES "merch_products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "merch_cart_items" ADD CONSTRAINT "merch_cart_items_variantId_fkey" FOREIGN KEY ("variantId") REFERENCES "merch_variants"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "merch_cart_items" ADD CONSTRAINT "merch_cart_items_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "enhanced_images"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "merch_orders" ADD CONSTRAINT "merch_orders_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "merch_order_items" ADD CONSTRAINT "merch_order_items_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "merch_orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "merch_order_items" ADD CONSTRAINT "merch_order_items_productId_fkey" FOREIGN KEY ("productId") REFERENCES "merch_products"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "merch_order_items" ADD CONSTRAINT "merch_order_items_variantId_fkey" FOREIGN KEY ("variantId") REFERENCES "merch_variants"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "merch_order_items" ADD CONSTRAINT "merch_order_items_shipmentId_fkey" FOREIGN KEY ("shipmentId") REFERENCES "merch_shipments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "merch_shipments" ADD CONSTRAINT "merch_shipments_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "merch_orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "merch_order_events" ADD CONSTRAINT "merch_order_events_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "merch_orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_session_activities" ADD CONSTRAINT "agent_session_activities_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "external_agent_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

