-- A conversation may be given a title by its author (renaming it); without one the list shows its first message.

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN "title" TEXT;
